import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import type { Datasource } from "../project/project-types";
import { quarantineTable } from "../schema/datasource-ddl";
import { ConversionError, converterFor, pythonTypeName, type Converter } from "./column-converter";
import { unwrapType } from "./clickhouse-type";
import { ABSENT, jsonPathReader } from "./json-path";
import { parseJsonLine } from "./parse-json-line";

interface MappedColumn {
  name: string;
  jsonPath: string;
  /** Reads the value from the parsed row; undefined for `$`, the whole line. */
  read?: (row: object) => unknown;
  /** `"name":`, ready to prepend to the value in the row sent to ClickHouse. */
  key: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  /** A ClickHouse JSON column, which reads objects, not strings. */
  json: boolean;
  convert: Converter;
}

// Module-level copies: these run once per row and column, and imported bindings cost a lookup each time under tsx.
const absent = ABSENT;
const parseExactLine = parseJsonLine;

/** JSON text of a converted value, skipping JSON.stringify for the common scalar cases. */
function jsonValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return value === null ? "null" : JSON.stringify(value);
  }
}

// Types whose values may be integers beyond 2^53, which plain JSON.parse would round.
const BIG_INTEGER_TYPES = /^(U?Int(64|128|256)|Decimal|Array\(U?Int(64|128|256)|Map\(\w+, ?U?Int(64|128|256))/;

export interface IngestResult {
  successful: number;
  quarantined: number;
}

/** Ingestion stopped because a materialized view failed on rows already written (Tinybird answers 422). */
export class MaterializedViewError extends Error {}

// Lines converted while ClickHouse inserts the previous chunk, so JS and the engine work in parallel; large enough
// that ClickHouse's fixed cost per INSERT stays small (100k-row batches go in two inserts).
const CHUNK_ROWS = 50_000;
// ClickHouse errors about a value it could not read, which quarantine the row instead of failing the request.
export const DATA_ERROR_CODES = new Set([
  6, 25, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 130, 131, 190, 241, 376, 441, 442, 467, 691,
]);
// Rows passed through as sent may carry keys that aren't columns, which Tinybird ignores too.
const INSERT_SETTINGS = { date_time_input_format: "best_effort", input_format_skip_unknown_fields: 1 };

function rawText(value: unknown): string | null {
  if (value === ABSENT || value === null || value === undefined) return null;
  return typeof value === "string" ? value.replace(/^\u0000/, "") : JSON.stringify(value);
}

/**
 * The Events API / fixtures path for one datasource: each NDJSON line is mapped through the columns' jsonpaths
 * and checked like Tinybird does; valid rows go to the table (and its materialized views), the rest to
 * `<datasource>_quarantine` with the reason.
 */
export class NdjsonIngestor {
  private readonly columns: MappedColumn[];
  private readonly parse: (line: string) => unknown;
  /** Every column reads `$.<its own name>`, so a row whose values need no conversion can go to ClickHouse as sent. */
  private readonly canPassThrough: boolean;
  private readonly values: unknown[];

  constructor(
    private readonly pool: ChdbPool,
    private readonly datasource: Datasource,
  ) {
    this.columns = datasource.columns
      .filter((column) => column.jsonPath !== undefined)
      .map((column) => ({
        name: column.name,
        jsonPath: column.jsonPath!,
        read: column.jsonPath === "$" ? undefined : jsonPathReader(column.jsonPath!),
        key: `${JSON.stringify(column.name)}:`,
        type: column.type,
        nullable: column.nullable,
        hasDefault: column.defaultExpr !== undefined,
        json: /^JSON\b/.test(unwrapType(column.type).base),
        convert: converterFor(column.type),
      }));
    const needsExactIntegers = this.columns.some((column) => BIG_INTEGER_TYPES.test(unwrapType(column.type).base));
    this.parse = needsExactIntegers ? parseExactLine : JSON.parse;
    this.canPassThrough =
      this.columns.length === datasource.columns.length &&
      this.columns.every((column) => column.jsonPath === `$.${column.name}` && /^\w+$/.test(column.name));
    this.values = new Array<unknown>(this.columns.length);
  }

  /** Whether the datasource accepts NDJSON (Tinybird needs jsonpaths for that). */
  get acceptsJson(): boolean {
    return this.columns.length > 0;
  }

  async ingest(body: string, importId: string): Promise<IngestResult> {
    const quarantine: string[] = [];
    let successful = 0;
    let pending: Promise<void> = Promise.resolve();
    let chunk: string[] = [];
    const flush = async () => {
      const rows = chunk;
      chunk = [];
      await pending;
      pending = this.insertValid(rows, importId, quarantine).then((inserted) => {
        successful += inserted;
      });
      // Keeps an early failure from going unobserved while the next chunk converts.
      pending.catch(() => undefined);
    };
    let start = 0;
    while (start < body.length) {
      let end = body.indexOf("\n", start);
      if (end < 0) end = body.length;
      const line = body.slice(start, body.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      // Only a line starting with whitespace can be blank; most lines start with "{".
      if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === "")) continue;
      const row = this.convertLine(line, importId, quarantine);
      if (row !== undefined) chunk.push(row);
      if (chunk.length >= CHUNK_ROWS) await flush();
    }
    if (chunk.length > 0) await flush();
    await pending;
    if (quarantine.length > 0) {
      await this.pool.insert(quarantineTable(this.datasource.name), quarantine.join("\n"), "JSONEachRow");
    }
    return { successful, quarantined: quarantine.length };
  }

  /** The row to insert, or undefined once the line went to `quarantine`. */
  private convertLine(line: string, importId: string, quarantine: string[]): string | undefined {
    const reject = (object: unknown, column: string, message: string) => {
      quarantine.push(this.quarantineRow(object, column, message, importId, false, line));
      return undefined;
    };
    let object: unknown;
    try {
      object = this.parse(line);
    } catch (error) {
      return reject(undefined, "", `Error parsing JSON: ${(error as Error).message}`);
    }
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      return reject(undefined, "", `JSON root must be an object, but it was a ${pythonTypeName(object)}`);
    }
    const { columns, values } = this;
    let unchanged = this.canPassThrough;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      // A JSON column holds the row itself: sent as the object, where a String column gets the line as text.
      const value = column.read ? column.read(object) : column.json ? object : line;
      if (value === absent || value === null) {
        if (!column.hasDefault && !column.nullable) return reject(object, column.name, this.nullMessage(column));
        // ClickHouse fills a missing key with the DEFAULT (or NULL) itself; an explicit null needs the key dropped.
        if (value === null && column.hasDefault) unchanged = false;
        values[i] = column.hasDefault ? absent : null;
        continue;
      }
      try {
        const converted = column.convert(value);
        if (converted !== value) unchanged = false;
        values[i] = converted;
      } catch (error) {
        if (!(error instanceof ConversionError)) throw error;
        return reject(object, column.name, this.errorMessage(error, column, value));
      }
    }
    if (unchanged) return line;
    let json = "";
    for (let i = 0; i < columns.length; i++) {
      if (values[i] === absent) continue;
      json += (json === "" ? "{" : ",") + columns[i]!.key + jsonValue(values[i]);
    }
    return json === "" ? "{}" : `${json}}`;
  }

  private nullMessage(column: MappedColumn): string {
    return `Strict type checking failed. Null value not allowed on column '${column.name}'. While accessing jsonpath '${column.jsonPath}'`;
  }

  private errorMessage(error: ConversionError, column: MappedColumn, value: unknown): string {
    const shown = typeof value === "string" ? value.replace(/^\u0000/, "") : JSON.stringify(value);
    if (error.kind === "null") return this.nullMessage(column);
    if (error.kind === "range") {
      return `Value ${shown} out of bounds for type '${column.type}' in column '${column.name}' with jsonpath '${column.jsonPath}'. Value must be between ${error.detail!.min} and ${error.detail!.max}`;
    }
    if (error.kind === "datetime") {
      return `Error DateTime parser failed. While processing column '${column.name}' with jsonpath '${column.jsonPath}'`;
    }
    return `Strict type checking failed. Value ${shown} on column '${column.name}' is a ${pythonTypeName(value)} when a ${column.type} was expected. While accessing jsonpath '${column.jsonPath}'`;
  }

  /** A quarantine row; values come from the sent object by jsonpath, or from an already mapped row by column name. */
  private quarantineRow(
    object: unknown,
    column: string,
    message: string,
    importId: string,
    mapped = false,
    line?: string,
  ): string {
    const row: Record<string, unknown> = { c__error_column: [column], c__error: [message], c__import_id: importId };
    for (const { name, read } of this.columns) {
      // A `$` column holds the whole line, as sent.
      if (!read && line !== undefined) row[name] = line;
      else if (object === undefined) row[name] = null;
      else if (mapped) row[name] = rawText((object as Record<string, unknown>)[name]);
      else row[name] = rawText(read ? read(object as object) : null);
    }
    return JSON.stringify(row);
  }

  /** Inserts rows; when ClickHouse rejects a value the JS checks let through, halves the batch to find the row. */
  private async insertValid(rows: string[], importId: string, quarantine: string[]): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      await this.pool.insert(this.datasource.name, rows.join("\n"), "JSONEachRow", INSERT_SETTINGS);
      return rows.length;
    } catch (error) {
      const message = String((error as Error).message);
      if (/while pushing to view/i.test(message)) {
        throw new MaterializedViewError(clickhouseFailure(error).message);
      }
      if (!DATA_ERROR_CODES.has(clickhouseCode(error) ?? -1)) throw error;
      if (rows.length === 1) {
        quarantine.push(this.quarantineRow(JSON.parse(rows[0]!), "", clickhouseFailure(error).message, importId, true));
        return 0;
      }
      const middle = Math.ceil(rows.length / 2);
      return (
        (await this.insertValid(rows.slice(0, middle), importId, quarantine)) +
        (await this.insertValid(rows.slice(middle), importId, quarantine))
      );
    }
  }
}
