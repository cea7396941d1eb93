// The q and /v0/sql guard on a real chDB (its parser is the point): what it returns is ClickHouse's printed
// statement, what it refuses it refuses for ClickHouse's reading of the text, and checking runs nothing.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbPool } from "../../src/chdb/chdb-pool";
import { parseExplainTree, UncheckableTree } from "../../src/sql/explain-tree";
import { loadCatalog, QueryGuard, QueryRefused, type GuardRules } from "../../src/sql/query-guard";

let dir: string;
let pool: ChdbPool;
let guard: QueryGuard;
let http: Server;
let hits = 0;
let url = "";

const NOT_SELECT = "[Error] Only SELECT queries are supported in the 'q' parameter";
const restricted: GuardRules = { restricted: true, allowed: new Set(["_", "mine"]), notSelect: NOT_SELECT };
const admin: GuardRules = { restricted: false, allowed: new Set(), notSelect: NOT_SELECT };

async function refusal(text: string, rules: GuardRules): Promise<QueryRefused> {
  try {
    await guard.check(text, rules);
  } catch (error) {
    if (error instanceof QueryRefused) return error;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "query-guard-"));
  pool = new ChdbPool(path.join(dir, "chdb"), 2);
  await pool.query("CREATE TABLE secrets (org String) ENGINE = MergeTree ORDER BY org");
  await pool.query("CREATE TABLE mine (org String) ENGINE = MergeTree ORDER BY org");
  guard = new QueryGuard(pool, await loadCatalog(pool, ["other_pipe"]));
  http = createServer((_, res) => {
    hits++;
    res.end("x\n");
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(() => {
  pool?.close();
  http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("parseExplainTree", () => {
  const tree = [
    "SelectWithUnionQuery (children 1)",
    " ExpressionList (children 1)",
    "  SelectQuery (children 2)",
    "   ExpressionList (children 1)",
    "    Function count (alias c) (children 1)",
    "     ExpressionList",
    "   TablesInSelectQuery (children 1)",
    "    TablesInSelectQueryElement (children 1)",
    "     TableExpression (children 1)",
    "      TableIdentifier _ (alias t)",
  ];

  it("rebuilds the dump into nodes with their names, without alias or child count", () => {
    const root = parseExplainTree(tree);
    expect(root.kind).toBe("SelectWithUnionQuery");
    const select = root.children[0]!.children[0]!;
    expect(select.children.map((child) => child.kind)).toEqual(["ExpressionList", "TablesInSelectQuery"]);
    expect(select.children[0]!.children[0]).toMatchObject({ kind: "Function", name: "count" });
    expect(select.children[1]!.children[0]!.children[0]!.children[0]).toEqual({
      kind: "TableIdentifier",
      name: "_",
      children: [],
    });
  });

  it("refuses any dump that isn't exactly one consistent tree", () => {
    // A name with a line break splits its line: the stray half lands where no node can be.
    expect(() => parseExplainTree([...tree.slice(0, 5), "b", ...tree.slice(5)])).toThrow(UncheckableTree);
    expect(() =>
      parseExplainTree([...tree.slice(0, 9), "      TableIdentifier _", "      TableIdentifier secrets"]),
    ).toThrow(UncheckableTree);
    expect(() => parseExplainTree([...tree.slice(0, 3), "     Identifier deep"])).toThrow(UncheckableTree);
    expect(() => parseExplainTree([...tree, ...tree])).toThrow(UncheckableTree);
    expect(() => parseExplainTree([])).toThrow(UncheckableTree);
  });
});

describe("QueryGuard", () => {
  it("returns the statement ClickHouse printed back: comments gone, heredocs and escapes normalised", async () => {
    expect(await guard.check("select count() /* c */ from _ -- x\n;", restricted)).toBe("SELECT count() FROM _");
    expect(await guard.check("SELECT $$it's$$, $t$a;b$t$ FROM _ # hash\n", restricted)).toBe(
      "SELECT 'it\\'s', 'a;b' FROM _",
    );
    expect(await guard.check('SELECT `a``b`, "c" FROM mine // slashes', restricted)).toBe(
      "SELECT `a\\`b`, c FROM mine",
    );
  });

  it("refuses a second statement hidden behind every form a hand tokenizer misreads", async () => {
    for (const text of [
      "SELECT $$'$$; SELECT * FROM secrets --'",
      "SELECT $q$'$q$; SELECT * FROM secrets --'",
      "SELECT 1 // '\n; SELECT * FROM secrets --'",
      "SELECT 1 # '\n; SELECT * FROM secrets --'",
      "SELECT 1 #!'\n; SELECT * FROM secrets --'",
      "SELECT 1 /* /* */ ' */; SELECT * FROM secrets --'",
      "SELECT 1; CREATE TABLE pwn ENGINE = Memory AS SELECT 1",
    ]) {
      for (const rules of [restricted, admin]) expect((await refusal(text, rules)).message).toBe(NOT_SELECT);
    }
    expect(await pool.rows("SELECT name FROM system.tables WHERE name = 'pwn'")).toEqual([]);
  });

  it("refuses what isn't one SELECT, INTO OUTFILE and FORMAT for every token, and writes no file", async () => {
    const file = path.join(dir, "pwn.json");
    for (const rules of [restricted, admin]) {
      for (const text of [
        "DROP TABLE secrets",
        "SET readonly = 0",
        "EXPLAIN SELECT 1",
        "SELECT 1 PARALLEL WITH SELECT 2",
      ])
        expect(await refusal(text, rules)).toMatchObject({ status: 400, message: NOT_SELECT });
      expect((await refusal(`SELECT * FROM _ INTO OUTFILE '${file}' TRUNCATE`, rules)).message).toMatch(
        /^\[Error\] INTO OUTFILE is not allowed/,
      );
      expect((await refusal("SELECT * FROM _ FORMAT CSV", rules)).message).toMatch(/^\[Error\] FORMAT is not allowed/);
    }
    expect(existsSync(file)).toBe(false);
    expect(await pool.rows("SELECT count() AS c FROM secrets")).toEqual([{ c: 0 }]);
  });

  it("keeps a restricted token to its own tables: no other table, database, pipe, table function or reaching out", async () => {
    const denied: Array<[string, 400 | 403, RegExp]> = [
      ["SELECT * FROM secrets", 403, /^Resource 'secrets' not found/],
      ["SELECT * FROM _ WHERE org IN secrets", 403, /^Resource 'secrets' not found/],
      ["SELECT * FROM _ WHERE org IN (SELECT org FROM default.secrets)", 403, /^Resource 'default.secrets'/],
      ["SELECT * FROM _ WHERE 1 IN (SELECT 1 FROM other_pipe)", 403, /^Resource 'other_pipe' not found/],
      ["SELECT * FROM system.one", 403, /^Resource 'system.one' not found/],
      ["SELECT * FROM _ WHERE 1 IN information_schema.tables", 403, /^Resource 'information_schema.tables'/],
      ["WITH x AS (SELECT 1) SELECT * FROM x", 403, /^Resource 'x' not found/],
      ["SELECT * FROM numbers(10)", 403, /^The query uses disabled table functions: 'numbers'$/],
      [`SELECT * FROM url('${url}', 'LineAsString')`, 403, /disabled table functions: 'url'/],
      ["SELECT file('/etc/passwd') FROM _", 403, /^The function 'file' is not allowed/],
      ["SELECT dictGetString('d', 'a', 1) FROM _", 403, /^The function 'dictGetString' is not allowed/],
      ["SELECT * FROM _ SETTINGS max_execution_time = 0", 400, /^\[Error\] SETTINGS are not allowed/],
      ["SELECT * FROM (SELECT * FROM _ SETTINGS readonly = 0)", 400, /^\[Error\] SETTINGS are not allowed/],
      ["SELECT {secret: String} FROM _", 400, /^\[Error\] Query parameters/],
      ["SELECT `a\nb` FROM _", 400, /^\[Error\] The query can't be checked/],
    ];
    for (const [text, status, message] of denied) {
      const refused = await refusal(text, restricted);
      expect(refused.status, text).toBe(status);
      expect(refused.message, text).toMatch(message);
    }
    expect(await guard.check("SELECT org FROM mine WHERE org IN (SELECT org FROM _)", restricted)).toBe(
      "SELECT org FROM mine WHERE org IN (SELECT org FROM _)",
    );
    expect(hits).toBe(0);
  });

  it("lets admin tokens use settings, table functions and other databases within their one SELECT", async () => {
    for (const text of [
      "SELECT * FROM secrets SETTINGS max_threads = 1",
      "SELECT * FROM numbers(3)",
      "SELECT * FROM system.one",
    ]) {
      expect(await guard.check(text, admin)).toBe(text);
    }
    expect(await guard.check("SELECT {secret: String}", { ...admin, params: { secret: "x" } })).toBe(
      "SELECT {secret:String}",
    );
  });

  it("decides the same way again from its cache, refusals included", async () => {
    const text = "SELECT * FROM _ WHERE 1 IN (SELECT 1 FROM secrets) -- cached";
    const first = await refusal(text, restricted);
    expect(await refusal(text, restricted)).toBe(first);
    expect(await guard.check("SELECT 42 AS answer FROM _", restricted)).toBe("SELECT 42 AS answer FROM _");
    expect(await guard.check("SELECT 42 AS answer FROM _", restricted)).toBe("SELECT 42 AS answer FROM _");
  });
});

describe("EXPLAIN AST, the guard's only look at a statement's structure", () => {
  const explain = (sql: string) => pool.query(`EXPLAIN AST ${sql}`, "TSVRaw");

  it("runs nothing: no sleep, no file read or written, no request sent, no table created or filled", async () => {
    const started = performance.now();
    await explain("SELECT sleep(3), sleep(2.5)");
    // A sleep would take 3 s; parsing takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2500);
    await explain("SELECT * FROM file('/nonexistent/never-read.csv', 'CSV')");
    await explain(`SELECT * FROM url('${url}', 'LineAsString')`);
    const file = path.join(dir, "explained.json");
    await explain(`SELECT 1 INTO OUTFILE '${file}'`);
    await explain(`INSERT INTO FUNCTION file('${file}', 'JSONEachRow') SELECT 1`);
    await explain("INSERT INTO secrets VALUES ('leaked')");
    await explain("CREATE TABLE created (a Int8) ENGINE = Memory");
    await explain("SELECT 1 PARALLEL WITH INSERT INTO secrets SELECT 'parallel'");
    expect(existsSync(file)).toBe(false);
    expect(hits).toBe(0);
    expect(await pool.rows("SELECT count() AS c FROM secrets")).toEqual([{ c: 0 }]);
    expect(await pool.rows("SELECT name FROM system.tables WHERE name = 'created'")).toEqual([]);
  });
});
