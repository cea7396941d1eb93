import { basename } from "node:path";
import { DatafileError } from "./datafile-error";
import { RESOURCE_NAME, scalarValue, tagList, tokenGrant, versionNumber } from "./datafile-values";
import { lexDatafile, normalizeSqlBlock, unquote, type DatafileCommand } from "./lex-datafile";
import { parseSchema, SchemaError } from "./parse-schema";
import type { Column, Datasource, Engine, TableIndex } from "./project-types";
import { substituteEnv } from "./substitute-env";

export const ENGINE_ARGS = new Set([
  "partition_key",
  "sorting_key",
  "primary_key",
  "sampling_key",
  "ttl",
  "settings",
  "ver",
  "is_deleted",
  "sign",
  "version",
  "summing_columns",
  "join_strictness",
  "join_type",
  "key_columns",
]);
// Classic spellings of the engine keys without the ENGINE_ prefix.
const ENGINE_ALIASES = new Set(["partition_key", "sorting_key", "primary_key", "sampling_key", "ttl"]);
const COMMANDS = new Set([
  "description",
  "token",
  "schema",
  "indexes",
  "engine",
  "tags",
  "include",
  "version",
  "shared_with",
  "forward_query",
  "backfill",
  "export_service",
  ...ENGINE_ALIASES,
]);
export const ENGINES = new Set([
  "MergeTree",
  "ReplacingMergeTree",
  "SummingMergeTree",
  "AggregatingMergeTree",
  "CollapsingMergeTree",
  "VersionedCollapsingMergeTree",
  "Join",
  "Null",
]);

// The columns Tinybird's Kafka connector adds to every Kafka datasource, with its types (Tinybird's
// DataConnectorSchema "kafka_with_prefix"; `__headers` only with KAFKA_STORE_HEADERS), docs/tinybird-compat.md §3.2.
const KAFKA_COLUMNS: Column[] = [
  { name: "__value", type: "String", nullable: false },
  { name: "__topic", type: "LowCardinality(String)", nullable: false },
  { name: "__partition", type: "Int16", nullable: false },
  { name: "__offset", type: "Int64", nullable: false },
  // Rows that arrive locally (Events API, fixtures) get the time they arrived, as a Kafka message would.
  { name: "__timestamp", type: "DateTime", nullable: false, defaultExpr: "now()" },
  { name: "__key", type: "String", nullable: false },
];
const KAFKA_HEADERS: Column = { name: "__headers", type: "Map(String, String)", nullable: false };

// IMPORT_SERVICE values (Classic) and .connection TYPEs (Forward) by the connector name shown in warnings.
const IMPORT_SERVICES: Record<string, string> = {
  s3: "S3",
  s3_iamrole: "S3",
  gcs: "GCS",
  gcs_hmac: "GCS",
  snowflake: "Snowflake",
  bigquery: "BigQuery",
  dynamodb: "DynamoDB",
};

/** An ENGINE value: `MergeTree`, or inline arguments as in `ReplacingMergeTree(version)`. */
export function engineOf(value: string): Engine {
  const inline = /^(\w+)\s*\((.*)\)$/s.exec(value);
  const engine: Engine = { type: inline ? inline[1]! : value, args: {} };
  if (inline?.[2]?.trim()) engine.inlineArgs = inline[2].trim();
  return engine;
}

function isDatasourceCommand(name: string): boolean {
  if (COMMANDS.has(name) || name.startsWith("kafka_") || name.startsWith("import_")) return true;
  return name.startsWith("engine_") && ENGINE_ARGS.has(name.slice("engine_".length));
}

const INDEX_LINE = /^(\w+)\s+(.+?)\s+TYPE\s+(\w+(?:\(.*\))?)(?:\s+GRANULARITY\s+(\d+))?$/;

function parseIndexes(command: DatafileCommand): TableIndex[] {
  const indexes: TableIndex[] = [];
  (command.block ?? command.args.join(" ")).split("\n").forEach((raw, offset) => {
    const line = raw
      .trim()
      .replace(/,$/, "")
      .replace(/^INDEX\s+/i, "");
    if (!line) return;
    const match = INDEX_LINE.exec(line);
    if (!match) {
      throw new DatafileError(
        command.file,
        command.line + offset + 1,
        "Invalid INDEX syntax. Usage: `[INDEX] name expr TYPE type_full GRANULARITY granularity`",
      );
    }
    indexes.push({ name: match[1]!, expr: match[2]!, type: match[3]!, granularity: match[4] });
  });
  return indexes;
}

/** Parses a `.datasource` file; throws every problem found as DatafileErrors. */
export function parseDatasource(
  file: string,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  connectionTypes: ReadonlyMap<string, string> = new Map(),
): { datasource: Datasource; errors: DatafileError[]; warnings: string[]; classic: boolean; version?: number } {
  const name = basename(file, ".datasource");
  const { commands, errors } = lexDatafile(text, { file, env, isCommand: isDatasourceCommand });
  const warnings: string[] = [];
  const datasource: Datasource = {
    name,
    file,
    columns: [],
    engine: { type: "MergeTree", args: {} },
    indexes: [],
    tokens: [],
    tags: [],
  };
  if (!RESOURCE_NAME.test(name)) {
    errors.push(new DatafileError(file, undefined, `Invalid Data Source name "${name}": use letters, numbers and _`));
  }
  let hasSchema = false;
  let classic = false;
  let version: number | undefined;
  const settings: Record<string, string> = {};
  for (const command of commands) {
    try {
      const { name: cmd } = command;
      if (cmd === "schema") {
        hasSchema = true;
        try {
          datasource.columns = parseSchema(command.block ?? command.args.join(" "));
        } catch (error) {
          if (!(error instanceof SchemaError)) throw error;
          throw new DatafileError(file, command.line + (command.block !== undefined ? error.line : 0), error.message);
        }
      } else if (cmd === "description") {
        datasource.description = (command.block ?? command.args.join(" ")).trim();
      } else if (cmd === "token") {
        // Classic pushes any permission as DATASOURCES:<permission>:<name>; CREATE is the one projects use.
        datasource.tokens.push(tokenGrant(command, ["READ", "APPEND", "CREATE"]));
      } else if (cmd === "indexes") {
        datasource.indexes = parseIndexes(command);
      } else if (cmd === "engine") {
        const value = scalarValue(command, env);
        datasource.engine = { ...engineOf(value), args: datasource.engine.args };
        if (!ENGINES.has(datasource.engine.type)) {
          throw new DatafileError(
            file,
            command.line,
            `Invalid engine "${value}". Supported engines: ${[...ENGINES].join(", ")}`,
          );
        }
      } else if (cmd.startsWith("engine_") || ENGINE_ALIASES.has(cmd)) {
        const key = cmd.replace(/^engine_/, "");
        const value = scalarValue(command, env);
        if (value !== "" || key !== "ttl") datasource.engine.args[key] = value;
      } else if (cmd === "tags") {
        datasource.tags = tagList(scalarValue(command, env));
      } else if (cmd === "forward_query") {
        datasource.forwardQuery = normalizeSqlBlock(command.block ?? command.args.join(" "));
      } else if (cmd.startsWith("kafka_") || cmd.startsWith("import_")) {
        settings[cmd] = command.block ?? command.args.join(" ");
      } else if (cmd === "version") {
        classic = true;
        version = versionNumber(command, env);
      } else if (cmd === "backfill") {
        scalarValue(command, env);
      }
    } catch (error) {
      if (!(error instanceof DatafileError)) throw error;
      errors.push(error);
    }
  }
  if (!hasSchema) errors.push(new DatafileError(file, undefined, "SCHEMA is mandatory"));
  datasource.connector = connectorName(settings, connectionTypes, env);
  if (datasource.connector === "Kafka") {
    const declared = new Set(datasource.columns.map((column) => column.name));
    const implicit = [...KAFKA_COLUMNS, ...(isTrue(settings.kafka_store_headers, env) ? [KAFKA_HEADERS] : [])];
    // Like the connector's raw value: what arrives locally is the message, kept whole in __value.
    const rawValue = isTrue(settings.kafka_store_raw_value, env);
    for (const column of implicit) {
      if (declared.has(column.name)) continue;
      datasource.columns.push(column.name === "__value" && rawValue ? { ...column, jsonPath: "$" } : { ...column });
    }
  }
  if (datasource.connector) {
    warnings.push(
      `${file}: ${datasource.connector} connector settings are ignored locally; the datasource starts empty.`,
    );
  }
  const columnNames = new Set(datasource.columns.map((column) => column.name));
  for (const reserved of ["c__error_column", "c__error", "c__import_id"]) {
    if (columnNames.has(reserved)) {
      errors.push(
        new DatafileError(
          file,
          undefined,
          `Column '${reserved}' is reserved: the quarantine table has a column with that name`,
        ),
      );
    }
  }
  const nullable = new Set(datasource.columns.filter((column) => column.nullable).map((column) => column.name));
  for (const part of (datasource.engine.args.sorting_key ?? "").split(",")) {
    const column = part.trim().replace(/^`|`$/g, "");
    if (nullable.has(column)) {
      errors.push(
        new DatafileError(
          file,
          undefined,
          `Sorting key contains nullable column '${column}'. Nullable columns cannot be used in sorting keys.`,
        ),
      );
    }
  }
  for (const key of ["ver", "sign", "is_deleted"] as const) {
    const column = datasource.engine.args[key];
    if (column && !columnNames.has(column)) {
      errors.push(
        new DatafileError(file, undefined, `ENGINE_${key.toUpperCase()} column '${column}' is not in the SCHEMA`),
      );
    }
  }
  return { datasource, errors, warnings, classic, version };
}

function isTrue(value: string | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return value !== undefined && /^true$/i.test(substituteEnv(unquote(value.trim()), env));
}

/** Which connector a datasource's KAFKA_* / IMPORT_* settings configure, or undefined for none. */
function connectorName(
  settings: Record<string, string>,
  connectionTypes: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const keys = Object.keys(settings);
  if (keys.some((key) => key.startsWith("kafka_"))) return "Kafka";
  if (keys.length === 0) return undefined;
  const value = (key: string) =>
    settings[key] === undefined ? undefined : substituteEnv(unquote(settings[key]!.trim()), env).toLowerCase();
  const service = value("import_service") ?? connectionTypes.get(value("import_connection_name") ?? "");
  return (service && IMPORT_SERVICES[service]) ?? (service ? service : "import");
}
