import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import type { Datasource } from "../project/project-types";
import type { NdjsonIngestor } from "./ndjson-ingestor";

function readIfFile(path: string): string | undefined {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path, "utf8") : undefined;
}

async function loadNdjson(
  file: string,
  ndjson: string,
  datasource: Datasource,
  ingestor: NdjsonIngestor,
  log: (line: string) => void,
) {
  if (!ingestor.acceptsJson) {
    log(`${file} skipped: the datasource has no jsonpaths`);
    return;
  }
  const result = await ingestor.ingest(ndjson, `fixture-${datasource.name}`);
  log(
    `Loaded ${file}: ${result.successful} rows` +
      (result.quarantined ? `, ${result.quarantined} quarantined (see ${datasource.name}_quarantine)` : ""),
  );
}

/**
 * Loads `fixtures/<datafile name>.ndjson` (through the Events API path: jsonpaths, quarantine, materialized views)
 * or `fixtures/<datasource>.csv` (with or without a header row) into a datasource. Without either, a
 * `fixtures/<datasource>.sql` runs and its rows load as NDJSON, as Forward's `tb build` does (build_common.py
 * rebuild_fixture_sql; `tb build` also writes them to `fixtures/<datasource>.ndjson`, which this server doesn't).
 */
export async function loadFixture(
  projectDir: string,
  datasource: Datasource,
  pool: ChdbPool,
  ingestor: NdjsonIngestor,
  log: (line: string) => void,
  runSql: (sql: string) => Promise<string>,
): Promise<void> {
  // Named after the datafile: a Classic `VERSION n` datasource is served as <name>__v<n>.
  const stem = datasource.file.endsWith(".datasource") ? basename(datasource.file, ".datasource") : datasource.name;
  const base = join(projectDir, "fixtures", stem);
  const ndjson = readIfFile(`${base}.ndjson`);
  if (ndjson !== undefined) {
    await loadNdjson(`fixtures/${stem}.ndjson`, ndjson, datasource, ingestor, log);
    return;
  }
  const csv = readIfFile(`${base}.csv`);
  if (csv === undefined) {
    const sql = readIfFile(`${base}.sql`);
    if (sql === undefined) return;
    const file = `fixtures/${stem}.sql`;
    let rows: string;
    try {
      rows = await runSql(sql.trim().replace(/;\s*$/, ""));
    } catch (error) {
      const message = clickhouseCode(error) === undefined ? (error as Error).message : clickhouseFailure(error).message;
      log(`${file} skipped: ${message}`);
      return;
    }
    await loadNdjson(file, rows, datasource, ingestor, log);
    return;
  }
  const firstLine = csv.split("\n", 1)[0] ?? "";
  const header = firstLine.split(",").map((cell) => cell.trim().replace(/^"|"$/g, ""));
  const hasHeader =
    header.length > 0 && header.every((cell) => datasource.columns.some((column) => column.name === cell));
  await pool.insert(datasource.name, csv, hasHeader ? "CSVWithNames" : "CSV");
  log(`Loaded fixtures/${stem}.csv`);
}
