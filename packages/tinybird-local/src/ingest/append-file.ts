import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import type { Datasource } from "../project/project-types";
import { quarantineTable, quoteIdentifier } from "../schema/datasource-ddl";
import { DATA_ERROR_CODES, type IngestResult, type NdjsonIngestor } from "./ndjson-ingestor";

export type FileFormat = "csv" | "ndjson" | "parquet";

/** A file the datasource can't take; answered 400 with its message. */
export class AppendRefused extends Error {}

export interface AppendTarget {
  pool: ChdbPool;
  datasource: Datasource;
  ingestor: NdjsonIngestor;
  /** Where a Parquet file is written for ClickHouse to read. */
  tmpDir: string;
}

// Tinybird's answer to NDJSON or Parquet for a datasource without jsonpaths (api_datasources_import.py).
const NOT_JSON =
  "Appending NDJSON/Parquet files to CSV Data Sources is not supported. You can't import NDJSON/Parquet to this datasource because it was created from a CSV file. If you created the datasource with `tb push datasource`, add jsonpaths to the columns, see an example here https://docs.tinybird.co/api-reference/datasource-api.html#jsonpaths";

const sqlString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** Appends a file's rows to a datasource, sending the rows it can't take to `<datasource>_quarantine`. */
export async function appendFile(
  target: AppendTarget,
  format: FileFormat,
  data: Buffer,
  importId: string,
): Promise<IngestResult> {
  if (format !== "csv" && !target.ingestor.acceptsJson) throw new AppendRefused(NOT_JSON);
  if (format === "ndjson") return target.ingestor.ingest(data.toString("utf8"), importId);
  if (format === "parquet") return appendParquet(target, data, importId);
  return appendCsv(target, data.toString("utf8").replace(/^\uFEFF/, ""), importId);
}

/** Parquet columns are matched to the datasource's by jsonpath (`$.name`) or by name. */
async function appendParquet(target: AppendTarget, data: Buffer, importId: string): Promise<IngestResult> {
  const { pool, datasource } = target;
  const path = join(target.tmpDir, `import-${importId}.parquet`);
  writeFileSync(path, data);
  const file = `file(${sqlString(path)}, Parquet)`;
  try {
    const present = new Set((await pool.rows<{ name: string }>(`DESCRIBE ${file}`)).map((column) => column.name));
    const pairs = datasource.columns.flatMap((column) => {
      const source = /^\$\.(\w+)$/.exec(column.jsonPath ?? "")?.[1] ?? column.name;
      return present.has(source) && column.aliasExpr === undefined ? [[column.name, source] as const] : [];
    });
    if (pairs.length === 0) throw new AppendRefused("The Parquet file has none of the Data Source's columns");
    const into = pairs.map(([name]) => quoteIdentifier(name)).join(", ");
    const from = pairs.map(([, source]) => quoteIdentifier(source)).join(", ");
    await pool.query(`INSERT INTO ${quoteIdentifier(datasource.name)} (${into}) SELECT ${from} FROM ${file}`);
    const [{ c }] = (await pool.rows<{ c: number }>(`SELECT count() AS c FROM ${file}`)) as [{ c: number }];
    return { successful: c, quarantined: 0 };
  } catch (error) {
    if (error instanceof AppendRefused || clickhouseCode(error) === undefined) throw error;
    throw new AppendRefused(clickhouseFailure(error).message);
  } finally {
    rmSync(path, { force: true });
  }
}

async function appendCsv(target: AppendTarget, csv: string, importId: string): Promise<IngestResult> {
  const { pool, datasource } = target;
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((cell) => cell.trim().replace(/^"|"$/g, ""));
  const hasHeader = header.length > 0 && header.every((cell) => datasource.columns.some((c) => c.name === cell));
  const rows = hasHeader ? lines.slice(1) : lines;
  const names = hasHeader ? header : datasource.columns.filter((c) => c.aliasExpr === undefined).map((c) => c.name);
  const insert = (part: string[]) =>
    pool.insert(
      datasource.name,
      [...(hasHeader ? [lines[0]!] : []), ...part].join("\n"),
      hasHeader ? "CSVWithNames" : "CSV",
      {
        date_time_input_format: "best_effort",
      },
    );
  // Bisecting needs one row per line; a quoted field may span lines, so only even-quoted lines are safe to split.
  const lineSafe = rows.every((line) => (line.match(/"/g)?.length ?? 0) % 2 === 0);
  try {
    const written = await insert(rows);
    return { successful: lineSafe ? rows.length : written, quarantined: 0 };
  } catch (error) {
    if (!lineSafe || !DATA_ERROR_CODES.has(clickhouseCode(error) ?? -1)) {
      if (clickhouseCode(error) === undefined) throw error;
      throw new AppendRefused(clickhouseFailure(error).message);
    }
  }
  const quarantine: string[] = [];
  const bisect = async (part: string[]): Promise<number> => {
    if (part.length === 0) return 0;
    try {
      await insert(part);
      return part.length;
    } catch (error) {
      if (!DATA_ERROR_CODES.has(clickhouseCode(error) ?? -1)) throw error;
      if (part.length > 1) {
        const middle = Math.ceil(part.length / 2);
        return (await bisect(part.slice(0, middle))) + (await bisect(part.slice(middle)));
      }
      quarantine.push(await quarantineRow(pool, part[0]!, names, clickhouseFailure(error).message, importId));
      return 0;
    }
  };
  const successful = await bisect(rows);
  await pool.insert(quarantineTable(datasource.name), quarantine.join("\n"), "JSONEachRow");
  return { successful, quarantined: quarantine.length };
}

/** A CSV line ClickHouse refused, split into its cells as text for the quarantine table. */
async function quarantineRow(pool: ChdbPool, line: string, names: string[], message: string, importId: string) {
  const structure = names.map((_, index) => `c${index} Nullable(String)`).join(", ");
  const [cells = {}] = await pool
    .rows<Record<string, string | null>>(
      `SELECT * FROM format(CSV, ${sqlString(structure)}, ${sqlString(`${line}\n`)})`,
    )
    .catch(() => [] as Array<Record<string, string | null>>);
  const row: Record<string, unknown> = { c__error_column: [""], c__error: [message], c__import_id: importId };
  names.forEach((name, index) => (row[name] = cells[`c${index}`] ?? null));
  return JSON.stringify(row);
}
