import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, jwt, sql, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT });
});

afterAll(async () => {
  await tb?.stop();
});

describe("GET|POST /v0/sql", () => {
  it("runs SELECTs with the query's own FORMAT, JSON when there is none, from GET, raw POST or JSON POST", async () => {
    const get = await api(tb, `/v0/sql?q=${encodeURIComponent("SELECT count() AS c FROM events FORMAT JSON")}`);
    expect((await json(get)).data).toEqual([{ c: 3 }]);
    const csv = await api(tb, "/v0/sql", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "SELECT n FROM plain_numbers ORDER BY n FORMAT CSV",
    });
    expect(await csv.text()).toBe("1\n2\n");
    const body = await api(tb, "/v0/sql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ q: "SELECT org, count() AS c FROM events GROUP BY org ORDER BY org" }),
    });
    expect((await json(body)).data).toEqual([
      { org: "acme", c: 2 },
      { org: "globex", c: 1 },
    ]);
  });

  it("expands pipe names into their queries and renders % templates (test mode without parameters)", async () => {
    expect(await sql(tb, "SELECT count() AS c FROM org_events")).toEqual([{ c: 0 }]);
    const rendered = await api(
      tb,
      `/v0/sql?q=${encodeURIComponent("% SELECT {{ Int32(x, 3) }} + 1 AS y FORMAT JSON")}&x=41`,
    );
    expect((await json(rendered)).data).toEqual([{ y: 42 }]);
  });

  it("answers Tinybird's errors", async () => {
    const expectError = async (response: Response, status: number, error: string) => {
      expect(response.status).toBe(status);
      expect((await json(response)).error).toBe(error);
    };
    await expectError(await api(tb, "/v0/sql"), 400, "missing q parameter. example q=select%201");
    await expectError(
      await api(tb, "/v0/sql", { method: "POST", body: "" }),
      400,
      "The request body should contain a query",
    );
    await expectError(
      await api(tb, `/v0/sql?q=${encodeURIComponent("SELECT 1 FORMAT XML")}`),
      403,
      "invalid format, available ones: JSON, CSV, CSVWithNames, TSV, TSVWithNames, PrettyCompact, JSONEachRow, Parquet, JSONStrings, Prometheus",
    );
    await expectError(
      await api(tb, "/v0/sql?q=select+1", {
        token: await jwt(tb, { scopes: [{ type: "PIPES:READ", resource: "daily" }] }),
      }),
      403,
      "invalid authentication token. Handler APIQueryHandler does not support JWT tokens",
    );
    await expectError(
      await api(tb, "/v0/sql?q=DROP+TABLE+events"),
      400,
      "[Error] Only SELECT queries are supported by the Query API",
    );
    const reader = await datafileToken(tb, "events_read");
    expect((await api(tb, "/v0/sql?q=SELECT+count()+FROM+events", { token: reader })).status).toBe(200);
    await expectError(
      await api(tb, "/v0/sql?q=SELECT+count()+FROM+daily_counts", { token: reader }),
      403,
      "Resource 'daily_counts' not found or the token has no access to it",
    );
    await expectError(
      await api(tb, `/v0/sql?q=${encodeURIComponent("SELECT * FROM file('/etc/passwd')")}`, { token: reader }),
      403,
      "The query uses disabled table functions: 'file'",
    );
    const unknown = await api(tb, "/v0/sql?q=SELECT+missing_column+FROM+events");
    expect(unknown.headers.get("x-db-exception-code")).toBe("47");
    expect((await json<{ error: string }>(unknown)).error).toMatch(/^\[Error\] .*\(UNKNOWN_IDENTIFIER\)$/);
  });
});

describe("POST /v0/events", () => {
  const lines = [
    JSON.stringify({
      ts: "2024-04-02 08:00:00",
      org: "initech",
      user: { id: "m1" },
      kind: "click",
      amount: 3,
      tags: ["x"],
    }),
    JSON.stringify({ ts: 1712044800000, org: "initech", user: { id: "m2" } }),
    "{not json",
    JSON.stringify({ ts: "2024-04-02 09:00:00", org: "initech" }),
    JSON.stringify({ ts: "2024-04-02 09:00:00", org: "initech", user: { id: "m3" }, amount: "7" }),
    JSON.stringify({ ts: "yesterday", org: "initech", user: { id: "m4" } }),
    JSON.stringify(["not", "an", "object"]),
  ];

  it("ingests NDJSON through jsonpaths, quarantines invalid rows with the reason, and counts every line", async () => {
    const response = await api(tb, "/v0/events?name=events&wait=true", {
      method: "POST",
      body: `${lines.join("\n")}\n\n`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    expect(await json(response)).toEqual({ successful_rows: 2, quarantined_rows: 5 });
    expect(
      await sql(
        tb,
        "SELECT user_id, kind, amount, tags, toUnixTimestamp(ts) AS ts FROM events WHERE org = 'initech' ORDER BY user_id",
      ),
    ).toEqual([
      { user_id: "m1", kind: "click", amount: 3, tags: ["x"], ts: 1712044800 },
      { user_id: "m2", kind: "view", amount: 0, tags: [], ts: 1712044800 },
    ]);
    const quarantine = await sql<{ c__error: string[]; user_id: string | null }>(
      tb,
      "SELECT c__error, user_id FROM events_quarantine ORDER BY insertion_date, c__error",
    );
    expect(quarantine.map((row) => row.c__error[0]).sort()).toEqual([
      "Error DateTime parser failed. While processing column 'ts' with jsonpath '$.ts'",
      expect.stringMatching(/^Error parsing JSON: /),
      "JSON root must be an object, but it was a list",
      "Strict type checking failed. Null value not allowed on column 'user_id'. While accessing jsonpath '$.user.id'",
      "Strict type checking failed. Value 7 on column 'amount' is a str when a Int64 was expected. While accessing jsonpath '$.amount'",
    ]);
  });

  it("applies defaults, NULLs and conversions the same way to flat rows ClickHouse can read as sent", async () => {
    const rows = [
      { ts: 1712044800, name: "sent as is", extra: "ignored", note: "n" },
      { ts: "2024-04-02 10:00:00", name: "string date", count: null },
      { ts: 1712044800, name: "bool count", count: true },
      { ts: 1712044800, name: "fraction", count: 1.5 },
      { ts: 1712044800, name: "negative", count: -1 },
    ];
    const response = await api(tb, "/v0/events?name=flat_events&wait=true", {
      method: "POST",
      body: rows.map((row) => JSON.stringify(row)).join("\n"),
    });
    expect(await json(response)).toEqual({ successful_rows: 3, quarantined_rows: 2 });
    expect(await sql(tb, "SELECT name, toUnixTimestamp(ts) AS ts, count, note FROM flat_events ORDER BY name")).toEqual(
      [
        { name: "bool count", ts: 1712044800, count: 1, note: null },
        { name: "sent as is", ts: 1712044800, count: 1, note: "n" },
        { name: "string date", ts: 1712052000, count: 1, note: null },
      ],
    );
  });

  it("feeds materialized views with ingested rows", async () => {
    const daily = await json(await api(tb, "/v0/pipes/daily.json?org=initech"));
    expect(daily.data).toEqual([{ day: "2024-04-02", events: 2, amount: 3 }]);
  });

  it("accepts gzip and a single JSON object, answering 202 without wait", async () => {
    const gzipped = await api(tb, "/v0/events?name=events", {
      method: "POST",
      headers: { "Content-Encoding": "gzip" },
      body: gzipSync(lines.slice(0, 2).join("\n")),
    });
    expect(gzipped.status).toBe(202);
    expect(await json(gzipped)).toEqual({ successful_rows: 2, quarantined_rows: 0 });
    const single = await api(tb, "/v0/events?name=events", {
      method: "POST",
      token: await datafileToken(tb, "events_append"),
      body: lines[0],
    });
    expect(await json(single)).toEqual({ successful_rows: 1, quarantined_rows: 0 });
  });

  it("answers errors in plain text, like Tinybird's Events API", async () => {
    const expectText = async (response: Response, status: number, text: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("text/plain");
      expect(await response.text()).toBe(text);
    };
    await expectText(
      await api(tb, "/v0/events?name=events", { method: "POST", token: null, body: lines[0] }),
      403,
      "Invalid token\n",
    );
    await expectText(
      await api(tb, "/v0/events", { method: "POST", body: lines[0] }),
      400,
      "Missing 'name' parameter\n",
    );
    await expectText(
      await api(tb, "/v0/events?name=daily_counts", {
        method: "POST",
        token: await datafileToken(tb, "events_append"),
        body: lines[0],
      }),
      403,
      "Invalid token\n",
    );
    await expectText(
      await api(tb, "/v0/events?name=plain_numbers", { method: "POST", body: '{"n":1}' }),
      400,
      "Data Source must be of type JSON\n",
    );
    await expectText(
      await api(tb, "/v0/events?name=nowhere", { method: "POST", body: lines[0] }),
      404,
      "Data Source 'nowhere' not found: Tinybird Local doesn't infer schemas, add datasources/nowhere.datasource\n",
    );
    await expectText(
      await api(tb, "/v0/events?name=nowhere", {
        method: "POST",
        token: await datafileToken(tb, "events_append"),
        body: lines[0],
      }),
      403,
      "Invalid token for DS autocreation\n",
    );
    await expectText(
      await api(tb, "/v0/events?name=events", { method: "POST", body: Buffer.alloc(10 * 1024 * 1024 + 1, "a") }),
      413,
      "Request body too large: the limit is 10 MB\n",
    );
    // The server is still up and answering.
    expect((await api(tb, "/tokens", { token: null })).status).toBe(200);
  });
});
