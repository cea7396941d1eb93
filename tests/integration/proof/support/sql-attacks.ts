// The isolation suite's attacks through caller-written SQL: `q` on every endpoint with each tenant's own JWT, and
// `/v0/sql` with a read token, the admin token and the append-only token. The grammar families hide payloads
// behind every lexical form of ClickHouse (sql-grammar.ts); the file, network and settings families try each
// way out of a SELECT directly. Every request carries the one answer the server may give.
import type { AttackContext, Expectation, Probe, Viewer } from "./adversarial-requests";
import { baseParams, probePath } from "./adversarial-requests";
import { ENDPOINTS, type Endpoint } from "./endpoint-summary";
import { grammarTexts, payloads, type GrammarText } from "./sql-grammar";

/** What `/v0/sql` attacks need beyond the endpoint attacks' context. */
export interface SqlContext {
  url: string;
  dataDir: string;
  projectDir: string;
  /** An empty folder no request may write to. */
  pwnDir: string;
  /** Static tokens: READ on `SQL_TABLE` only, APPEND on api_requests only, and the admin token. */
  readerToken: string;
  appendToken: string;
  /** Each viewer's claims re-signed without `limits`, so grammar attacks aren't paced by the viewer's rps. */
  unpaced: ReadonlyMap<Viewer, string>;
  /** What `SQL_BASE` answers (reader and admin alike). */
  sqlRows: ReadonlyArray<Record<string, unknown>>;
}

/** The one datasource the proof's read token may query. */
export const SQL_TABLE = "api_routes_daily";
export const SQL_BASE = `SELECT count() AS c FROM ${SQL_TABLE}`;

const enc = encodeURIComponent;
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;
const NO_ACCESS = /^The token you have provided doesn't have access to this resource$/;

function qPath(ctx: AttackContext, endpoint: Endpoint, q: string): string {
  const query = [...baseParams(endpoint), ["q", q]].map(([key, value]) => `${enc(key!)}=${enc(value!)}`).join("&");
  return probePath(ctx, endpoint, query);
}

function qProbe(
  ctx: AttackContext,
  sql: SqlContext,
  family: Probe["family"],
  viewer: Viewer,
  endpoint: Endpoint,
  label: string,
  q: string,
  expect: Expectation,
): Probe {
  // Long texts go in a POST body, as a client over the 8 KB URL would.
  const path = qPath(ctx, endpoint, q);
  const post = path.length > 6000;
  return {
    family,
    label,
    endpoint,
    tokenOf: viewer,
    unpaced: true,
    method: post ? "POST" : "GET",
    path: post
      ? probePath(
          ctx,
          endpoint,
          baseParams(endpoint)
            .map(([k, v]) => `${enc(k)}=${enc(v)}`)
            .join("&"),
        )
      : path,
    format: "json",
    headers: {
      Authorization: `Bearer ${sql.unpaced.get(viewer)!}`,
      ...(post ? { "Content-Type": "application/json" } : {}),
    },
    body: post ? JSON.stringify({ q }) : undefined,
    expect,
  };
}

function sqlProbe(
  sql: SqlContext,
  family: Probe["family"],
  token: "reader" | "admin" | "append",
  adminToken: string,
  label: string,
  text: string,
  expect: Expectation,
): Probe {
  const value = token === "reader" ? sql.readerToken : token === "append" ? sql.appendToken : adminToken;
  return {
    family,
    label: `${token}: ${label}`,
    endpoint: null,
    sqlToken: token,
    tokenOf: null,
    method: "POST",
    path: "/v0/sql",
    format: "json",
    headers: { Authorization: `Bearer ${value}`, "Content-Type": "application/json" },
    body: JSON.stringify({ q: text }),
    expect,
  };
}

function grammarExpect(text: GrammarText, same: Expectation): Expectation {
  return text.live ? { kind: "error", status: text.payload.status, message: text.payload.message } : same;
}

/** `q` grammar attacks: each endpoint gets a share of the decoy sequences, from the tenants in turn. */
function grammarQ(ctx: AttackContext, sql: SqlContext): Probe[] {
  const viewers = ctx.viewers.filter((viewer) => viewer.scope !== null);
  const probes: Probe[] = [];
  ENDPOINTS.forEach((endpoint, e) => {
    const otherPipe = pick(
      ENDPOINTS.filter((name) => name !== endpoint),
      e,
    );
    const list = payloads({ ...sql, otherPipe });
    const texts = grammarTexts("SELECT * FROM _", list, (s) => s % ENDPOINTS.length === e, e * 10_000);
    // Every live text; one inert text in four (those run the endpoint, live ones stop at the guard).
    texts.forEach((text, i) => {
      if (!text.live && i % 8 !== 3) return;
      const viewer = pick(viewers, i + e);
      const same: Expectation = { kind: "same-as", viewer, reference: "baseline" };
      probes.push(qProbe(ctx, sql, "grammar", viewer, endpoint, text.label, text.text, grammarExpect(text, same)));
    });
  });
  return probes;
}

/** `/v0/sql` grammar attacks: the read token on every sequence, the admin token and the append token on some. */
function grammarSql(ctx: AttackContext, sql: SqlContext): Probe[] {
  const rows: Expectation = { kind: "rows", rows: sql.sqlRows };
  const list = payloads({ ...sql, otherPipe: "top_routes" });
  // Every live text; one inert text in four, which runs the query where a live one stops at the guard.
  const reader = grammarTexts(SQL_BASE, list, () => true, 100_000)
    .filter((text, i) => text.live || i % 8 === 3)
    .map((text) =>
      sqlProbe(sql, "grammar", "reader", ctx.adminToken, text.label, text.text, grammarExpect(text, rows)),
    );
  const admin = grammarTexts(
    SQL_BASE,
    list.filter((payload) => payload.forAdmin),
    (s) => s % 4 === 1,
    200_000,
  ).map((text) => sqlProbe(sql, "grammar", "admin", ctx.adminToken, text.label, text.text, grammarExpect(text, rows)));
  const append = grammarTexts(SQL_BASE, list, (s) => s % 17 === 5, 300_000).map((text) =>
    sqlProbe(sql, "grammar", "append", ctx.adminToken, text.label, text.text, {
      kind: "error",
      status: 403,
      message: NO_ACCESS,
    }),
  );
  return [...reader, ...admin, ...append];
}

const TABLE_FUNCTION = (name: string) => new RegExp(`^The query uses disabled table functions: '${name}'$`);
const OUTFILE: Expectation = { kind: "error", status: 400, message: /^\[Error\] INTO OUTFILE is not allowed/ };

/** Writing files (INTO OUTFILE anywhere, in every spelling) and reading them (file() in both its forms). */
function fileAttacks(sql: SqlContext): Array<{ q: string; sql: string; expect: Expectation }> {
  const outfiles = [
    "'pwn-relative.json'",
    `'${sql.pwnDir}/pwn-absolute.json'`,
    `'${sql.pwnDir}/../pwn-parent.json'`,
    `'${sql.dataDir}/chdb/pwn-in-chdb.json'`,
    `'${sql.dataDir}/workspace.json' TRUNCATE`,
    `'${sql.projectDir}/endpoints/usage_kpis.pipe' TRUNCATE`,
    `'${sql.projectDir}/endpoints/pwn.pipe'`,
    `'${sql.pwnDir}/pwn-append.json' APPEND`,
    `'${sql.pwnDir}/pwn-stdout.json' AND STDOUT`,
    `'${sql.pwnDir}/pwn.json.gz' COMPRESSION 'gzip'`,
    `'${sql.pwnDir}/pwn.json.zst' COMPRESSION 'zstd' LEVEL 3`,
    `$$${sql.pwnDir}/pwn-heredoc.json$$`,
  ];
  const reads = [
    "'/etc/passwd'",
    "'workspace.json'",
    `'${sql.dataDir}/workspace.json'`,
    "'../../../../etc/hostname'",
    `'${sql.projectDir}/endpoints/*.pipe'`,
    `'{${sql.dataDir}/workspace.json,/etc/passwd}'`,
  ];
  return [
    ...outfiles.map((target) => ({
      q: `SELECT * FROM _ INTO OUTFILE ${target}`,
      sql: `${SQL_BASE} INTO OUTFILE ${target}`,
      expect: OUTFILE,
    })),
    ...outfiles.map((target) => ({
      q: `SELECT * FROM _ INTO OUTFILE ${target} FORMAT JSONEachRow`,
      sql: `${SQL_BASE} INTO OUTFILE ${target} FORMAT CSV SETTINGS max_threads = 1`,
      expect: OUTFILE,
    })),
    ...reads.flatMap((path) => [
      {
        q: `SELECT * FROM file(${path}, 'LineAsString')`,
        sql: `SELECT * FROM file(${path}, 'LineAsString')`,
        expect: { kind: "error" as const, status: 403 as const, message: TABLE_FUNCTION("file") },
      },
      {
        q: `SELECT *, file(${path}) AS leak FROM _`,
        sql: `SELECT c, file(${path}) AS leak FROM (${SQL_BASE})`,
        expect: { kind: "error" as const, status: 403 as const, message: /^The function 'file' is not allowed/ },
      },
    ]),
  ];
}

/** Every table function that reaches another host, a file, a table by name or the server itself. */
const NETWORK_FUNCTIONS: ReadonlyArray<[string, string]> = [
  ["url", "url('{URL}/tokens', 'JSONAsString')"],
  ["url", "url('{URL}/tokens', JSONAsString, 'x String', headers('Origin' = 'http://evil.example'))"],
  ["urlCluster", "urlCluster('default', '{URL}/tokens', 'JSONAsString')"],
  ["remote", "remote('127.0.0.1:9000', system.one)"],
  ["remoteSecure", "remoteSecure('127.0.0.1:9440', default.api_requests)"],
  ["cluster", "cluster('default', default.api_requests)"],
  ["s3", "s3('{URL}/tokens', 'JSONAsString')"],
  ["gcs", "gcs('{URL}/tokens', 'JSONAsString')"],
  ["azureBlobStorage", "azureBlobStorage('{URL}', 'c', 'tokens', 'JSONAsString')"],
  ["hdfs", "hdfs('hdfs://127.0.0.1:9000/x', 'TSV', 'x String')"],
  ["mysql", "mysql('127.0.0.1:3306', 'db', 't', 'u', 'p')"],
  ["postgresql", "postgresql('127.0.0.1:5432', 'db', 't', 'u', 'p')"],
  ["mongodb", "mongodb('127.0.0.1:27017', 'db', 't', 'u', 'p', 'x String')"],
  ["redis", "redis('127.0.0.1:6379', 'k', 'k String')"],
  ["sqlite", "sqlite('{DATA}/workspace.json', 't')"],
  ["odbc", "odbc('DSN=x', 't')"],
  ["jdbc", "jdbc('jdbc:x', 't')"],
  ["executable", "executable('cat /etc/passwd', 'TSV', 'x String')"],
  ["merge", "merge('default', '^api_')"],
  ["merge", "merge(currentDatabase(), 'requests')"],
  ["view", "view(SELECT * FROM api_requests)"],
  ["numbers", "numbers(10)"],
  ["input", "input('x String')"],
  ["generateRandom", "generateRandom('x String')"],
  ["format", "format(JSONEachRow, '{\"x\": 1}')"],
  ["icebergS3", "icebergS3('{URL}/tokens')"],
  ["deltaLake", "deltaLake('{URL}/tokens')"],
  ["dictionary", "dictionary('d')"],
  ["loop", "loop(default.api_requests)"],
];

/** SETTINGS in every place a SELECT takes them, and SET statements. */
const SETTINGS_ATTACKS = [
  "SELECT * FROM _ SETTINGS readonly = 0",
  "SELECT * FROM _ SETTINGS max_execution_time = 0, max_memory_usage = 0",
  "SELECT * FROM _ SETTINGS max_result_rows = 0, max_result_bytes = 0",
  "SELECT * FROM (SELECT * FROM _ SETTINGS max_execution_time = 3600)",
  "SELECT * FROM _ WHERE 1 IN (SELECT 1 SETTINGS allow_introspection_functions = 1)",
  "SELECT * FROM _ UNION ALL SELECT * FROM _ SETTINGS max_threads = 64",
  "WITH 1 AS x SELECT * FROM _ SETTINGS function_sleep_max_microseconds_per_block = 0",
  "SELECT * FROM _ SETTINGS\tallow_ddl = 1",
  "SELECT * FROM _ /* */ SETTINGS /* */ readonly /* */ = /* */ 2",
];
const SET_STATEMENTS = [
  "SET readonly = 0",
  "SET max_execution_time = 0; SELECT * FROM _",
  "SET allow_ddl = 1",
  "SELECT * FROM _; SET readonly = 0",
];
// Settings a client may try as request parameters: template variables, or Tinybird's checked output flags.
const SETTINGS_PARAMS: ReadonlyArray<[string, string, Expectation | "baseline"]> = [
  ["readonly", "0", "baseline"],
  ["max_execution_time", "0", "baseline"],
  ["max_memory_usage", "0", "baseline"],
  ["max_threads", "1", "baseline"],
  ["max_threads", "0", { kind: "error", status: 400, message: /^max_threads must be at least 1$/ }],
  [
    "output_format_json_quote_64bit_integers",
    "2",
    { kind: "error", status: 400, message: /^output_format_json_quote_64bit_integers must be 0 or 1$/ },
  ],
];

const SETTINGS_REFUSED: Expectation = { kind: "error", status: 400, message: /^\[Error\] SETTINGS are not allowed/ };
const Q_NOT_SELECT: Expectation = {
  kind: "error",
  status: 400,
  message: /^\[Error\] Only SELECT queries are supported in the 'q' parameter$/,
};
const SQL_NOT_SELECT: Expectation = {
  kind: "error",
  status: 400,
  message: /^\[Error\] Only SELECT queries are supported by the Query API$/,
};

/** File, network and settings attacks through `q` (every endpoint, tenants in turn) and `/v0/sql`. */
function directAttacks(ctx: AttackContext, sql: SqlContext): Probe[] {
  const viewers = ctx.viewers.filter((viewer) => viewer.scope !== null);
  const probes: Probe[] = [];
  let turn = 0;
  const both = (family: Probe["family"], label: string, q: string, text: string, expect: Expectation) => {
    for (const endpoint of ENDPOINTS) {
      const viewer = pick(viewers, turn++);
      probes.push(qProbe(ctx, sql, family, viewer, endpoint, label, q, expect));
    }
    probes.push(sqlProbe(sql, family, "reader", ctx.adminToken, label, text, expect));
  };
  for (const attack of fileAttacks(sql)) {
    both("file", attack.q, attack.q, attack.sql, attack.expect);
    if (attack.expect === OUTFILE)
      probes.push(sqlProbe(sql, "file", "admin", ctx.adminToken, attack.sql, attack.sql, OUTFILE));
  }
  for (const [name, call] of NETWORK_FUNCTIONS) {
    const source = call.replaceAll("{URL}", sql.url).replaceAll("{DATA}", sql.dataDir);
    const expect: Expectation = { kind: "error", status: 403, message: TABLE_FUNCTION(name) };
    both(
      "network",
      `${name}()`,
      `SELECT * FROM _ WHERE 1 IN (SELECT 1 FROM ${source})`,
      `SELECT * FROM ${source}`,
      expect,
    );
  }
  for (const q of SETTINGS_ATTACKS)
    both("settings", q, q, q.replaceAll("FROM _", `FROM ${SQL_TABLE}`), SETTINGS_REFUSED);
  for (const q of SET_STATEMENTS) {
    for (const endpoint of ENDPOINTS) {
      probes.push(qProbe(ctx, sql, "settings", pick(viewers, turn++), endpoint, q, q, Q_NOT_SELECT));
    }
    probes.push(
      sqlProbe(
        sql,
        "settings",
        "reader",
        ctx.adminToken,
        q,
        q.replaceAll("FROM _", `FROM ${SQL_TABLE}`),
        SQL_NOT_SELECT,
      ),
    );
    probes.push(
      sqlProbe(
        sql,
        "settings",
        "admin",
        ctx.adminToken,
        q,
        q.replaceAll("FROM _", `FROM ${SQL_TABLE}`),
        SQL_NOT_SELECT,
      ),
    );
  }
  for (const [name, value, expected] of SETTINGS_PARAMS) {
    for (const endpoint of ENDPOINTS) {
      const viewer = pick(viewers, turn++);
      const query = [...baseParams(endpoint), [name, value]].map(([k, v]) => `${enc(k!)}=${enc(v!)}`).join("&");
      probes.push({
        family: "settings",
        label: `${name}=${value} as a request parameter`,
        endpoint,
        tokenOf: viewer,
        unpaced: true,
        method: "GET",
        path: probePath(ctx, endpoint, query),
        format: "json",
        headers: { Authorization: `Bearer ${sql.unpaced.get(viewer)!}` },
        expect: expected === "baseline" ? { kind: "same-as", viewer, reference: "baseline" } : expected,
      });
    }
  }
  return probes;
}

export function sqlAttacks(ctx: AttackContext, sql: SqlContext): Probe[] {
  return [...grammarQ(ctx, sql), ...grammarSql(ctx, sql), ...directAttacks(ctx, sql)];
}

/** A resource-exhaustion attempt and the errors it may end in: a limit on time, memory or result size. */
export interface Exhaustion {
  label: string;
  q: string;
  statuses: ReadonlyArray<400 | 408>;
  message: RegExp;
}

const TIMEOUT = String.raw`Timeout exceeded: .* contact us at support@tinybird\.co to raise limits`;
const MEMORY = String.raw`Query memory limit exceeded`;
const RESULT = String.raw`Limit for result exceeded`;
// Which limit a heavy query meets first depends on the machine's load; each of them ends it.
const LIMITS = new RegExp(`^\\[Error\\] (${TIMEOUT}|${MEMORY}|${RESULT})`);

export const EXHAUSTION: readonly Exhaustion[] = [
  {
    label: "a chain of sleeps",
    q: "SELECT sleep(3), sleep(2.9), sleep(2.8), sleep(2.7) FROM _",
    statuses: [408],
    message: new RegExp(`^\\[Error\\] ${TIMEOUT}$`),
  },
  {
    label: "sleep statements one after another, behind a heredoc",
    q: "SELECT sleep(3) FROM _ WHERE $$'$$ != ''; SELECT sleep(3); SELECT sleep(3) --'",
    statuses: [400],
    message: /^\[Error\] Only SELECT queries are supported in the 'q' parameter$/,
  },
  {
    label: "sleepEachRow over every row",
    q: "SELECT sleepEachRow(3) FROM _",
    statuses: [400],
    message: /The maximum sleep time is 3000000 microseconds/,
  },
  {
    label: "a CPU-bound ARRAY JOIN of 5 * 10^10 rows",
    q: "SELECT count() FROM _ ARRAY JOIN range(100) AS a ARRAY JOIN range(100) AS b ARRAY JOIN range(100) AS c ARRAY JOIN range(100) AS d",
    statuses: [408, 400],
    message: LIMITS,
  },
  {
    label: "an array of 5 * 10^9 numbers",
    q: "SELECT length(groupArray(x)) FROM _ ARRAY JOIN range(10000000) AS x",
    statuses: [400, 408],
    message: LIMITS,
  },
  {
    label: "thirteen million rows",
    q: "SELECT x FROM _ ARRAY JOIN range(30000) AS x",
    statuses: [400, 408],
    message: LIMITS,
  },
];
