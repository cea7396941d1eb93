import type { Column, Datasource } from "../project/project-types";
import { splitTopLevel } from "../sql/split-top-level";

/** Backtick-quotes an identifier for ClickHouse. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``;
}

/** A sorting/primary key as an ORDER BY expression: several columns become a tuple. */
function keyExpression(key: string): string {
  const trimmed = key.trim();
  if (trimmed === "") return "tuple()";
  return splitTopLevel(trimmed).length > 1 ? `(${trimmed})` : trimmed;
}

function columnSql(column: Column): string {
  let sql = quoteIdentifier(column.name);
  if (column.type) sql += ` ${column.type}`;
  if (column.defaultExpr !== undefined) sql += ` DEFAULT ${column.defaultExpr}`;
  if (column.aliasExpr !== undefined) sql += ` ALIAS ${column.aliasExpr}`;
  if (column.codec !== undefined) sql += ` CODEC${column.codec.startsWith("(") ? "" : " "}${column.codec}`;
  return sql;
}

function engineSql(datasource: Datasource): string {
  const { type, inlineArgs, args } = datasource.engine;
  if (inlineArgs !== undefined) return `${type}(${inlineArgs})`;
  const list = (...values: Array<string | undefined>) => values.filter((value) => value).join(", ");
  switch (type) {
    case "ReplacingMergeTree":
      return `ReplacingMergeTree(${list(args.ver, args.ver ? args.is_deleted : undefined)})`;
    case "CollapsingMergeTree":
      return `CollapsingMergeTree(${list(args.sign)})`;
    case "VersionedCollapsingMergeTree":
      return `VersionedCollapsingMergeTree(${list(args.sign, args.version)})`;
    case "SummingMergeTree":
      return `SummingMergeTree(${args.summing_columns ? keyExpression(args.summing_columns) : ""})`;
    case "Join":
      return `Join(${list(args.join_strictness, args.join_type, args.key_columns)})`;
    default:
      return `${type}()`;
  }
}

/** CREATE TABLE for a datasource: its columns (jsonpaths dropped), engine, keys, TTL and settings. */
export function createTableSql(datasource: Datasource, table = datasource.name): string {
  const definitions = datasource.columns.map(columnSql);
  for (const index of datasource.indexes) {
    definitions.push(
      `INDEX ${index.name} ${index.expr} TYPE ${index.type}${index.granularity ? ` GRANULARITY ${index.granularity}` : ""}`,
    );
  }
  const { type, args } = datasource.engine;
  let sql = `CREATE TABLE ${quoteIdentifier(table)}\n(\n    ${definitions.join(",\n    ")}\n)\nENGINE = ${engineSql(datasource)}`;
  if (!type.endsWith("MergeTree")) return sql;
  if (args.partition_key?.trim()) sql += `\nPARTITION BY ${args.partition_key}`;
  if (args.primary_key?.trim()) sql += `\nPRIMARY KEY ${keyExpression(args.primary_key)}`;
  sql += `\nORDER BY ${keyExpression(args.sorting_key ?? "")}`;
  if (args.sampling_key?.trim()) sql += `\nSAMPLE BY ${args.sampling_key}`;
  if (args.ttl?.trim()) sql += `\nTTL ${args.ttl}`;
  if (args.settings?.trim()) sql += `\nSETTINGS ${args.settings}`;
  return sql;
}

/** Name of the table holding rows the Events API could not ingest. */
export function quarantineTable(datasource: string): string {
  return `${datasource}_quarantine`;
}

// Tinybird's quarantine columns (ch.py ERROR_COLUMNS), docs/tinybird-compat.md §3.2.
const ERROR_COLUMNS = [
  "`c__error_column` Array(String)",
  "`c__error` Array(String)",
  "`c__import_id` Nullable(String)",
];

/** Where a quarantined row's arrival time goes: `insertion_date`, prefixed with `__` until no column has the name. */
export function quarantineTimeColumn(datasource: Datasource): string {
  const names = new Set(datasource.columns.map((column) => column.name));
  let name = "insertion_date";
  while (names.has(name)) name = `__${name}`;
  return name;
}

/** Tinybird's quarantine layout: the error columns, every datasource column as text, then the arrival time. */
export function quarantineColumnsSql(datasource: Datasource): string[] {
  return [
    ...ERROR_COLUMNS,
    ...datasource.columns.map((column) => `${quoteIdentifier(column.name)} Nullable(String)`),
    `${quoteIdentifier(quarantineTimeColumn(datasource))} DateTime DEFAULT now()`,
  ];
}

export function createQuarantineSql(datasource: Datasource): string {
  const time = quoteIdentifier(quarantineTimeColumn(datasource));
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(quarantineTable(datasource.name))}\n(\n    ${quarantineColumnsSql(
    datasource,
  ).join(",\n    ")}\n)\nENGINE = MergeTree()\nPARTITION BY toYear(${time})\nORDER BY ${time}`;
}
