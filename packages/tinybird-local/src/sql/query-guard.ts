import type { ChdbPool } from "../chdb/chdb-pool";
import type { Project } from "../project/project-types";
import { quarantineTable } from "../schema/datasource-ddl";

// Functions that read files, other hosts or other tables by name, which a restricted token must not reach.
const DENIED_FUNCTIONS =
  /^(file|url|s3|s3Cluster|gcs|azureBlobStorage|hdfs|remote|remoteSecure|cluster|clusterAllReplicas|mysql|postgresql|mongodb|sqlite|jdbc|odbc|redis|input|executable|joinGet|joinGetOrNull|dictGet\w*|dictHas|dictIsIn|getMacro|filesystem\w*)$/i;

const DATABASES = /^(default|system|tb_views|information_schema)$/i;

export class QueryNotAllowed extends Error {}

/**
 * Checks, on ClickHouse's own parse tree (`EXPLAIN AST`), that a query from a restricted token reads only the
 * tables it may: no other table identifiers, no table functions, no functions that reach outside the query.
 */
export async function guardQuery(
  pool: ChdbPool,
  sql: string,
  allowed: ReadonlySet<string>,
  project: Project,
): Promise<void> {
  const knownTables = new Set([...project.pipes.keys()]);
  for (const name of project.datasources.keys()) knownTables.add(name).add(quarantineTable(name));
  const ast = await pool.text(`EXPLAIN AST ${sql}`, "TSVRaw");
  const parents: Array<{ indent: number; label: string }> = [];
  for (const line of ast.split("\n")) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    while (parents.length > 0 && parents.at(-1)!.indent >= indent) parents.pop();
    const [kind, name = ""] = line.trim().split(/\s+/, 2);
    const parent = parents.at(-1)?.label;
    parents.push({ indent, label: kind! });
    if (kind === "TableIdentifier" && !allowed.has(name)) {
      throw new QueryNotAllowed(`Resource '${name}' not found or the token has no access to it`);
    }
    if (kind === "Function" && parent === "TableExpression") {
      throw new QueryNotAllowed(`The table function '${name}' is not allowed for this token`);
    }
    if (kind === "Function" && DENIED_FUNCTIONS.test(name)) {
      throw new QueryNotAllowed(`The function '${name}' is not allowed for this token`);
    }
    const qualifier = name.split(".")[0]!;
    const reachesTable =
      knownTables.has(name) || (name.includes(".") && (knownTables.has(qualifier) || DATABASES.test(qualifier)));
    if (kind === "Identifier" && reachesTable && !allowed.has(name)) {
      throw new QueryNotAllowed(`Resource '${name}' not found or the token has no access to it`);
    }
  }
}

/** A single SELECT (or WITH … SELECT) statement: anything else, or a second statement, is refused. */
export function isSingleSelect(tokens: ReadonlyArray<{ kind: string; text: string }>): boolean {
  const first = tokens[0];
  if (!first || !(first.text === "(" || /^(select|with)$/i.test(first.text))) return false;
  const semicolon = tokens.findIndex((token) => token.kind === "punct" && token.text === ";");
  return semicolon < 0 || semicolon === tokens.length - 1;
}
