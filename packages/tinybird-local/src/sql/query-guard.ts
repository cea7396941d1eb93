import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import { parseExplainTree, UncheckableTree, walkTree, type AstNode } from "./explain-tree";

// Scalar functions that read files, tables named in a string, dictionaries or the server's own state.
const DENIED_FUNCTIONS = new Set(
  [
    "file",
    "joinGet",
    "joinGetOrNull",
    "dictGet",
    "dictHas",
    "dictIsIn",
    "hasColumnInTable",
    "getMacro",
    "getServerSetting",
    "getMergeTreeSetting",
    "filesystemAvailable",
    "filesystemCapacity",
    "filesystemUnreserved",
    "catboostEvaluate",
    "showCertificate",
    "globalVariable",
    "addressToLine",
    "addressToLineWithInlines",
    "addressToSymbol",
    "demangle",
  ].map((name) => name.toLowerCase()),
);
const DENIED_PREFIX = /^dictget/i;

/** Names a query could read rows from: chDB's tables and databases, and the project's pipes. */
export interface Catalog {
  tables: ReadonlySet<string>;
  /** Lower-cased: `INFORMATION_SCHEMA` and `information_schema` are both databases. */
  databases: ReadonlySet<string>;
}

export interface GuardRules {
  /** JWTs and non-admin static tokens: only `allowed` resources; no table functions, settings or outside reads. */
  restricted: boolean;
  /** Table names a restricted query may read: its pipes and datasources, `_`. */
  allowed: ReadonlySet<string>;
  /** The API's "only SELECT" message, for anything that isn't one SELECT. */
  notSelect: string;
  /** Values for the `{name: Type}` placeholders a `%` template's `tb_secret()` left; none for caller-written SQL. */
  params?: Record<string, string>;
}

/**
 * A query the guard refuses, with Tinybird's status: 400 for what isn't a single plain SELECT, 403 for access.
 * `code` is ClickHouse's exception code when its parser refused the text, answered as X-DB-Exception-Code.
 */
export class QueryRefused extends Error {
  constructor(
    readonly status: 400 | 403,
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

const CACHE_SIZE = 2000;
const CACHEABLE_LENGTH = 16 * 1024;

/** ClickHouse's own message for why it couldn't parse the text, without the query we wrapped it in. */
function parserMessage(error: unknown): string {
  return clickhouseFailure(error)
    .message.replace(/[\s.:]*In scope SELECT formatQuerySingleLine[\s\S]*?(\([A-Z_]+\))?$/, " $1")
    .trim();
}

/**
 * Decides, from ClickHouse's own parser, whether SQL a caller wrote may run, and returns the statement to run
 * instead of the caller's text (docs/security.md):
 * 1. `formatQuerySingleLine` receives the text as data (a hex literal, so no byte of it is SQL) and prints the one
 *    statement ClickHouse reads in it; more than one, or none, is an error there. The printed text must print
 *    back to itself, so parsing it again gives the same statement.
 * 2. `EXPLAIN AST` of the printed statement, which parses and runs nothing, gives the tree the checks walk.
 * 3. The caller then runs the printed statement, never its own text.
 */
export class QueryGuard {
  private readonly cache = new Map<string, { printed: string } | { refused: QueryRefused }>();

  constructor(
    private readonly pool: ChdbPool,
    private catalog: Catalog,
  ) {}

  /** New tables or databases after a reload; decisions taken on the old catalog are forgotten. */
  setCatalog(catalog: Catalog): void {
    this.catalog = catalog;
    this.cache.clear();
  }

  async check(text: string, rules: GuardRules): Promise<string> {
    const key = [
      rules.restricted ? "r" : "a",
      [...rules.allowed].sort().join(","),
      Object.keys(rules.params ?? {})
        .sort()
        .join(","),
      rules.notSelect,
      text,
    ].join("\u0000");
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last, so the oldest decision is the first one evicted.
      this.cache.delete(key);
      this.cache.set(key, cached);
      if ("refused" in cached) throw cached.refused;
      return cached.printed;
    }
    let decision: { printed: string } | { refused: QueryRefused };
    try {
      decision = { printed: await this.decide(text, rules) };
    } catch (error) {
      if (!(error instanceof QueryRefused)) throw error;
      decision = { refused: error };
    }
    if (text.length <= CACHEABLE_LENGTH) {
      this.cache.set(key, decision);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    if ("refused" in decision) throw decision.refused;
    return decision.printed;
  }

  private async decide(text: string, rules: GuardRules): Promise<string> {
    const printed = await this.print(text, rules);
    const root = await this.tree(printed, rules);
    if (root.kind !== "SelectWithUnionQuery") throw new QueryRefused(400, rules.notSelect);
    // The query's own trailing clauses hang off the root after its list of SELECTs.
    for (const clause of root.children.slice(1)) {
      if (clause.kind === "Literal") {
        throw new QueryRefused(400, "[Error] INTO OUTFILE is not allowed: query results are never written to files");
      }
      if (clause.kind === "Identifier") {
        throw new QueryRefused(400, "[Error] FORMAT is not allowed here: the format comes from the request");
      }
      if (clause.kind !== "Set") throw new QueryRefused(400, rules.notSelect);
    }
    if (rules.restricted) this.restrict(root, rules.allowed);
    return printed;
  }

  private async print(text: string, rules: GuardRules): Promise<string> {
    const hex = Buffer.from(text, "utf8").toString("hex");
    let rows: Array<{ printed: string; stable: number | boolean }>;
    try {
      rows = await this.pool.rows(
        `SELECT formatQuerySingleLine(unhex('${hex}')) AS printed, formatQuerySingleLine(printed) = printed AS stable`,
      );
    } catch (error) {
      if (clickhouseCode(error) === undefined) throw error;
      const message = parserMessage(error);
      if (/Multi-statements are not allowed/.test(message)) throw new QueryRefused(400, rules.notSelect);
      throw new QueryRefused(400, message, clickhouseCode(error));
    }
    // One row, or the connection handed back something else than this query's answer.
    if (rows.length !== 1) throw new Error(`formatQuerySingleLine answered ${rows.length} rows`);
    const [row] = rows as [{ printed: string; stable: number | boolean }];
    if (!row.stable) {
      throw new QueryRefused(400, "[Error] The query can't be checked: ClickHouse prints it differently each time");
    }
    return row.printed;
  }

  private async tree(printed: string, rules: GuardRules): Promise<AstNode> {
    let lines: string[];
    try {
      const result = await this.pool.query(`EXPLAIN AST ${printed}`, "JSONCompactEachRow", rules.params);
      lines = result
        .text()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => (JSON.parse(line) as [string])[0]);
    } catch (error) {
      if (clickhouseCode(error) === undefined) throw error;
      if (clickhouseCode(error) === 456) {
        throw new QueryRefused(400, "[Error] Query parameters ({name: Type}) are not supported in this query");
      }
      throw new QueryRefused(400, clickhouseFailure(error).message, clickhouseCode(error));
    }
    try {
      return parseExplainTree(lines);
    } catch (error) {
      if (error instanceof UncheckableTree)
        throw new QueryRefused(400, `[Error] The query can't be checked: ${error.message}`);
      throw error;
    }
  }

  /** What a restricted token may not do inside its one SELECT. */
  private restrict(root: AstNode, allowed: ReadonlySet<string>): void {
    for (const { node, parent } of walkTree(root)) {
      if (node.kind === "Set") {
        throw new QueryRefused(400, "[Error] SETTINGS are not allowed in queries: Tinybird sets them itself");
      }
      if (node.kind === "TableIdentifier" && !allowed.has(node.name)) throw notFound(node.name);
      if (node.kind === "Function" && parent?.kind === "TableExpression") {
        throw new QueryRefused(403, `The query uses disabled table functions: '${node.name}'`);
      }
      if (
        node.kind === "Function" &&
        (DENIED_FUNCTIONS.has(node.name.toLowerCase()) || DENIED_PREFIX.test(node.name))
      ) {
        throw new QueryRefused(403, `The function '${node.name}' is not allowed for this token`);
      }
      if (node.kind === "Identifier" && !allowed.has(node.name) && this.namesTable(node.name))
        throw notFound(node.name);
    }
  }

  /** Whether any part of a (compound) identifier names a table or database, as `x IN tbl` or `system.one.x` do. */
  private namesTable(name: string): boolean {
    return name
      .split(".")
      .some((part) => this.catalog.tables.has(part) || this.catalog.databases.has(part.toLowerCase()));
  }
}

function notFound(name: string): QueryRefused {
  return new QueryRefused(403, `Resource '${name}' not found or the token has no access to it`);
}

/** The tables of the current database, every database chDB has, and `names` (pipes, which are no tables). */
export async function loadCatalog(pool: ChdbPool, names: Iterable<string>): Promise<Catalog> {
  const tables = await pool.rows<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase()");
  const databases = await pool.rows<{ name: string }>("SELECT name FROM system.databases");
  return {
    tables: new Set([...tables.map((row) => row.name), ...names]),
    databases: new Set(databases.map((row) => row.name.toLowerCase())),
  };
}
