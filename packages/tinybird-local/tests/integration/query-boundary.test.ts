// Each refusal of the q and /v0/sql guard over HTTP, with Tinybird's status and message; the limits restricted
// tokens run with; and fair sharing: one token's slow queries neither block another token nor go unbounded.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PER_TOKEN_RUNNING, PER_TOKEN_WAITING, RESTRICTED_QUERY_LIMITS } from "../../src/limits";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, jwt, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;
let member: string;
let pwnDir: string;

const pipe = (q: string, token: string, extra = "") =>
  api(tb, `/v0/pipes/org_events.json?org=acme${extra}&q=${encodeURIComponent(q)}`, { token });
const sqlApi = (q: string, token: string | null, params: Record<string, unknown> = {}) =>
  api(tb, "/v0/sql", {
    method: "POST",
    body: JSON.stringify({ q, ...params }),
    token,
    headers: { "Content-Type": "application/json" },
  });

async function expectError(response: Response, status: number, error: string | RegExp) {
  const body = await json<{ error: string; data?: unknown }>(response);
  expect({ status: response.status, data: body.data }).toEqual({ status, data: undefined });
  if (typeof error === "string") expect(body.error).toBe(error);
  else expect(body.error).toMatch(error);
}

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT, env: { TB_LOCAL_TEST_SECRET: "s3cret" } });
  pwnDir = mkdtempSync(path.join(tmpdir(), "query-boundary-"));
  member = await jwt(tb, {
    name: "member_acme",
    scopes: [{ type: "PIPES:READ", resource: "org_events", fixed_params: { org: "acme" } }],
  });
});

afterAll(async () => {
  await tb?.stop();
  rmSync(pwnDir, { recursive: true, force: true });
});

describe("q on an endpoint, with a JWT", () => {
  const Q_NOT_SELECT = "[Error] Only SELECT queries are supported in the 'q' parameter";

  it("runs the statement ClickHouse printed back, over the token's own rows", async () => {
    const response = await pipe("select count() as c /* comment */ from _ where kind = $$click$$ -- tail", member);
    expect((await json(response)).data).toEqual([{ c: 1 }]);
  });

  it("refuses a second statement, whatever lexical form hides it, and runs neither", async () => {
    for (const q of [
      "SELECT * FROM _ WHERE $$'$$ != ''; CREATE TABLE pwn ENGINE = Memory AS SELECT * FROM events --'",
      "SELECT * FROM _ // '\n; SELECT * FROM events --'",
      "SELECT * FROM _ /* /* */ ' */; SELECT * FROM events --'",
    ]) {
      await expectError(await pipe(q, member), 400, Q_NOT_SELECT);
    }
    const tables = await sqlApi("SELECT name FROM system.tables WHERE name = 'pwn' FORMAT JSON", tb.adminToken);
    expect((await json(tables)).data).toEqual([]);
  });

  it("refuses INTO OUTFILE (for admin tokens too), FORMAT, SETTINGS and query parameters with 400", async () => {
    const file = path.join(pwnDir, "pwn.json");
    for (const token of [member, tb.adminToken]) {
      await expectError(
        await pipe(`SELECT * FROM _ INTO OUTFILE '${file}'`, token),
        400,
        "[Error] INTO OUTFILE is not allowed: query results are never written to files",
      );
    }
    expect(existsSync(file)).toBe(false);
    await expectError(
      await pipe("SELECT * FROM _ FORMAT CSV", member),
      400,
      "[Error] FORMAT is not allowed here: the format comes from the request",
    );
    await expectError(
      await pipe("SELECT * FROM _ SETTINGS max_execution_time = 0", member),
      400,
      "[Error] SETTINGS are not allowed in queries: Tinybird sets them itself",
    );
    await expectError(
      await pipe("SELECT {TB_LOCAL_TEST_SECRET: String} FROM _", member),
      400,
      "[Error] Query parameters ({name: Type}) are not supported in this query",
    );
    await expectError(await pipe("SELECT * FROM _ WHERE", member), 400, /^\[Error\] Syntax error/);
  });

  it("refuses other tables, databases, pipes, table functions and file reads with 403", async () => {
    const denied: Array<[string, string]> = [
      ["SELECT * FROM events", "Resource 'events' not found or the token has no access to it"],
      ["SELECT * FROM _ WHERE org IN events", "Resource 'events' not found or the token has no access to it"],
      ["SELECT * FROM daily", "Resource 'daily' not found or the token has no access to it"],
      ["SELECT * FROM system.tables", "Resource 'system.tables' not found or the token has no access to it"],
      ["SELECT * FROM numbers(10)", "The query uses disabled table functions: 'numbers'"],
      [`SELECT * FROM url('${tb.url}/tokens', 'JSONAsString')`, "The query uses disabled table functions: 'url'"],
      ["SELECT file('workspace.json') FROM _", "The function 'file' is not allowed for this token"],
    ];
    for (const [q, error] of denied) await expectError(await pipe(q, member), 403, error);
  });

  it("runs restricted tokens' queries with the limits, readonly, and admin tokens' with readonly 2", async () => {
    const settings =
      "SELECT getSetting('max_execution_time') AS time, getSetting('max_memory_usage') AS memory, " +
      "getSetting('max_result_rows') AS rows, getSetting('max_result_bytes') AS bytes, getSetting('readonly') AS ro FROM _ LIMIT 1";
    expect((await json(await pipe(settings, member))).data).toEqual([
      {
        time: RESTRICTED_QUERY_LIMITS.max_execution_time,
        memory: RESTRICTED_QUERY_LIMITS.max_memory_usage,
        rows: RESTRICTED_QUERY_LIMITS.max_result_rows,
        bytes: RESTRICTED_QUERY_LIMITS.max_result_bytes,
        ro: 1,
      },
    ]);
    const asAdmin = (await json<{ data: Array<Record<string, unknown>> }>(await pipe(settings, tb.adminToken))).data;
    expect(asAdmin[0]).toMatchObject({ time: 0, ro: 2 });
  });

  it("gives one token a bounded share: its extra requests queue, then get Tinybird's concurrency 429, and other tokens still answer", async () => {
    const greedy = await jwt(tb, {
      name: "greedy",
      scopes: [{ type: "PIPES:READ", resource: "org_events", fixed_params: { org: "acme" } }],
    });
    let settled = 0;
    const burst = Array.from({ length: PER_TOKEN_RUNNING + PER_TOKEN_WAITING + 6 }, () =>
      pipe("SELECT sleep(0.5) FROM _ LIMIT 1", greedy).finally(() => settled++),
    );
    const other = await pipe("SELECT count() AS c FROM _", member);
    expect((await json(other)).data).toEqual([{ c: 2 }]);
    // Answered while the greedy token's requests were still running and queued.
    expect(settled).toBeLessThan(burst.length - PER_TOKEN_RUNNING);
    const answers = await Promise.all(burst);
    const limited = answers.filter((response) => response.status === 429);
    // Six more than fit, less any that found a slot freed while the burst was still arriving.
    expect(limited.length).toBeGreaterThan(0);
    await expectError(
      limited[0]!,
      429,
      `You have reached the maximum number of concurrent requests (${PER_TOKEN_RUNNING}) for Pipe org_events. Retry or contact us at support@tinybird.co`,
    );
    expect(answers.filter((response) => response.status === 200).length).toBe(burst.length - limited.length);
  }, 60_000);
});

describe("/v0/sql with static tokens", () => {
  const SQL_NOT_SELECT = "[Error] Only SELECT queries are supported by the Query API";

  it("keeps a read token to its datasource and refuses what a restricted token may not do", async () => {
    const reader = await datafileToken(tb, "events_read");
    expect((await json(await sqlApi("SELECT count() AS c FROM events -- mine", reader))).data).toEqual([{ c: 3 }]);
    await expectError(
      await sqlApi("SELECT * FROM events WHERE $$'$$ != ''; SELECT 1 --'", reader),
      400,
      SQL_NOT_SELECT,
    );
    await expectError(
      await sqlApi("SELECT * FROM events WHERE org IN daily_counts", reader),
      403,
      "Resource 'daily_counts' not found or the token has no access to it",
    );
    await expectError(
      await sqlApi("SELECT * FROM events SETTINGS readonly = 0", reader),
      400,
      "[Error] SETTINGS are not allowed in queries: Tinybird sets them itself",
    );
    await expectError(
      // Only admin templates get the server's environment as secrets.
      await sqlApi("% SELECT {{ tb_secret('TB_LOCAL_TEST_SECRET') }} AS s", reader, { n: 1 }),
      400,
      "Template Syntax Error: Cannot access secret 'TB_LOCAL_TEST_SECRET'. Check the secret exists in the Workspace and the token has the required scope.",
    );
    const asAdmin = await sqlApi("% SELECT {{ tb_secret('TB_LOCAL_TEST_SECRET') }} AS s", tb.adminToken, { n: 1 });
    expect((await json(asAdmin)).data).toEqual([{ s: "s3cret" }]);
  });

  it("lets append-only tokens read nothing at all", async () => {
    const append = await datafileToken(tb, "events_append");
    await expectError(
      await sqlApi("SELECT 1", append),
      403,
      "The token you have provided doesn't have access to this resource",
    );
  });

  it("keeps admin tokens to one SELECT that writes no file, with their settings and table functions", async () => {
    await expectError(await sqlApi("SELECT 1; DROP TABLE events", tb.adminToken), 400, SQL_NOT_SELECT);
    await expectError(await sqlApi("INSERT INTO events SELECT * FROM events", tb.adminToken), 400, SQL_NOT_SELECT);
    const file = path.join(pwnDir, "admin.csv");
    await expectError(
      await sqlApi(`SELECT * FROM events INTO OUTFILE '${file}'`, tb.adminToken),
      400,
      "[Error] INTO OUTFILE is not allowed: query results are never written to files",
    );
    expect(existsSync(file)).toBe(false);
    const allowed = await sqlApi(
      "SELECT count() AS c FROM numbers(5) SETTINGS max_threads = 1 FORMAT JSON",
      tb.adminToken,
    );
    expect((await json(allowed)).data).toEqual([{ c: 5 }]);
  });
});

describe("the time limit", () => {
  it("stops a query at the time limit with Tinybird's 408", async () => {
    await expectError(
      await pipe("SELECT sleep(3), sleep(2.9), sleep(2.8), sleep(2.7) FROM _ LIMIT 1", member),
      408,
      /^\[Error\] Timeout exceeded: .* contact us at support@tinybird\.co to raise limits$/,
    );
  }, 30_000);
});
