import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, jwt, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT, env: { TB_LOCAL_TEST_SECRET: "s3cret" } });
});

afterAll(async () => {
  await tb?.stop();
});

async function expectError(response: Response, status: number, error: string | RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  const body = await json<{ error: string; documentation?: string }>(response);
  if (typeof error === "string") expect(body.error).toBe(error);
  else expect(body.error).toMatch(error);
  expect(body.documentation).toMatch(/^https:\/\/docs\.tinybird\.co\//);
  return body;
}

describe("GET|POST /v0/pipes/{name}.{format}", () => {
  it("answers ClickHouse's JSON: meta, data, rows, rows_before_limit_at_least, statistics; UTC; 64-bit integers unquoted", async () => {
    const response = await api(tb, "/v0/pipes/org_events.json?org=acme&limit=1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    expect(response.headers.get("x-tb-warning")).toBe("[]");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const body = await json(response);
    expect(body).toMatchObject({
      data: [
        {
          ts: "2024-03-01 10:00:00",
          org: "acme",
          user_id: "u1",
          kind: "click",
          amount: 5,
          score: 0.5,
          tags: ["a", "b"],
        },
      ],
      rows: 1,
      rows_before_limit_at_least: 2,
      statistics: { rows_read: expect.any(Number) },
    });
    expect((body.meta as Array<{ name: string }>).map((column) => column.name)).toEqual([
      "ts",
      "org",
      "user_id",
      "kind",
      "amount",
      "score",
      "tags",
    ]);
    const text = await (await api(tb, "/v0/pipes/big_numbers.json")).text();
    expect(text).toMatch(/"max_u64": 18446744073709551615/);
    expect(text).toMatch(/"ts": "2023-11-14 22:13:20"/);
    const quoted = await (await api(tb, "/v0/pipes/big_numbers.json?output_format_json_quote_64bit_integers=1")).text();
    expect(quoted).toMatch(/"max_u64": "18446744073709551615"/);
  });

  it("fills tb_secret() from the server's environment, bound as a query parameter", async () => {
    const body = await json<{ data: Array<{ secret: string }> }>(await api(tb, "/v0/pipes/big_numbers.json"));
    expect(body.data[0]!.secret).toBe("s3cret");
    expect(
      await (
        await api(
          tb,
          `/v0/sql?q=${encodeURIComponent("% SELECT {{ tb_secret('TB_LOCAL_TEST_SECRET') }} AS s FORMAT CSV")}`,
        )
      ).text(),
    ).toBe('"s3cret"\n');
  });

  it("serves CSV and NDJSON", async () => {
    const csv = await api(tb, "/v0/pipes/org_events.csv?org=globex");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe(
      '"ts","org","user_id","kind","amount","score","tags"\n"2024-03-01 11:00:00","globex","u3","click",9007199254740993,\\N,"[]"\n',
    );
    const ndjson = await api(tb, "/v0/pipes/org_events.ndjson?org=acme");
    expect(ndjson.headers.get("content-type")).toBe("application/x-ndjson");
    expect(
      (await ndjson.text())
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).user_id),
    ).toEqual(["u1", "u2"]);
  });

  it("takes POST JSON bodies with typed values, and the q parameter over the pipe's result", async () => {
    const post = await api(tb, "/v0/pipes/org_events.json", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ org: "acme", limit: 1 }),
    });
    expect((await json(post)).rows).toBe(1);
    const q = await api(
      tb,
      `/v0/pipes/org_events.json?org=acme&q=${encodeURIComponent("SELECT count() AS c, sum(amount) AS total FROM _")}`,
    );
    expect((await json(q)).data).toEqual([{ c: 2, total: 12 }]);
    const byName = await api(
      tb,
      `/v0/pipes/org_events.json?org=acme&q=${encodeURIComponent("SELECT user_id FROM org_events ORDER BY user_id DESC")}`,
    );
    expect((await json(byName)).data).toEqual([{ user_id: "u2" }, { user_id: "u1" }]);
  });

  it("answers OPTIONS on any route with 204 and the CORS headers", async () => {
    for (const path of ["/v0/pipes/org_events.json", "/v0/events", "/no/such/route"]) {
      const response = await fetch(`${tb.url}${path}`, { method: "OPTIONS" });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "Authorization, Content-Type, X-Requested-With, X-Tb-Warning",
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-expose-headers": "X-Tb-Warning",
      });
    }
  });

  it("answers each error row of Tinybird's table with its status and message", async () => {
    await expectError(
      await api(tb, "/v0/pipes/org_events.json?org=acme", { token: null }),
      403,
      "invalid authentication token",
    );
    await expectError(
      await api(tb, "/v0/pipes/org_events.json?org=acme", { token: "p.not-a-token" }),
      403,
      "invalid authentication token",
    );
    await expectError(await api(tb, "/v0/pipes/bad-name.json"), 400, "Invalid pipe name");
    await expectError(
      await api(tb, "/v0/pipes/org_events.xml"),
      400,
      "Format 'xml' not supported, it must be one of csv, json, ndjson, parquet, prometheus",
    );
    await expectError(await api(tb, "/v0/pipes/missing.json"), 404, "The pipe 'missing' does not exist");
    await expectError(await api(tb, "/v0/pipes/draft.json"), 404, "The pipe 'draft' does not have an endpoint yet");
    await expectError(
      await api(tb, "/v0/pipes/org_events.json?org=acme&q=%25SELECT%201"),
      400,
      "'q' parameter doesn't support templates",
    );
    await expectError(
      await api(tb, `/v0/pipes/org_events.json?org=acme&q=${encodeURIComponent(`SELECT '${"x".repeat(9000)}'`)}`),
      400,
      "The maximum size for a SQL query is 8KB.",
    );
    await expectError(await api(tb, "/v0/pipes/org_events.json"), 400, "The org parameter is required");
    await expectError(
      await api(tb, "/v0/pipes/daily.json"),
      400,
      "Template Syntax Error: Required parameter is not defined. Check the parameters org. Please provide a value or set a default value in the pipe code.",
    );
    await expectError(
      await api(tb, "/v0/pipes/big_numbers.json?n=abc"),
      400,
      /^Template Syntax Error: Error validating 'abc' to type Int32/,
    );
    await expectError(await api(tb, "/v0/pipes/big_numbers.json?max_threads=0"), 400, "max_threads must be at least 1");
    await expectError(
      await api(tb, "/v0/pipes/big_numbers.json?output_format_json_quote_64bit_integers=2"),
      400,
      "output_format_json_quote_64bit_integers must be 0 or 1",
    );
    const custom = await api(tb, "/v0/pipes/big_numbers.json?fail=custom");
    expect(custom.status).toBe(418);
    expect(JSON.parse(await custom.text())).toEqual({ message: "custom failure", code: "E42" });
    const clickhouse = await api(tb, "/v0/pipes/big_numbers.json?fail=clickhouse");
    expect(clickhouse.headers.get("x-db-exception-code")).toBe("47");
    await expectError(
      clickhouse,
      400,
      /^\[Error\] Unknown expression identifier `no_such_column` .*\(UNKNOWN_IDENTIFIER\)$/,
    );
  });

  it("lets a static token read only the pipes its TOKEN lines name", async () => {
    const reader = await datafileToken(tb, "reader");
    expect((await api(tb, "/v0/pipes/org_events.json?org=acme", { token: reader })).status).toBe(200);
    await expectError(
      await api(tb, "/v0/pipes/totals_by_org.json?org=acme", { token: reader }),
      403,
      "The token you have provided doesn't have access to this resource",
    );
  });
});

describe("JWTs", () => {
  const scope = (resource: string, fixed_params?: Record<string, unknown>) => ({
    type: "PIPES:READ",
    resource,
    fixed_params,
  });

  it("applies fixed_params over request parameters, keeping their JSON types", async () => {
    const token = await jwt(tb, { scopes: [scope("org_events", { org: "acme" }), scope("big_numbers", { raw: 5 })] });
    const events = await json(await api(tb, "/v0/pipes/org_events.json?org=globex", { token }));
    expect((events.data as Array<{ org: string }>).map((row) => row.org)).toEqual(["acme", "acme"]);
    const number = await json(await api(tb, "/v0/pipes/big_numbers.json?raw=%27text%27", { token }));
    expect((number.meta as Array<{ name: string; type: string }>).find((column) => column.name === "raw")!.type).toBe(
      "UInt8",
    );
    const text = await json(
      await api(tb, "/v0/pipes/big_numbers.json", {
        token: await jwt(tb, { scopes: [scope("big_numbers", { raw: "5" })] }),
      }),
    );
    expect((text.meta as Array<{ name: string; type: string }>).find((column) => column.name === "raw")!.type).toBe(
      "String",
    );
  });

  it("refuses a JWT scoped to another pipe", async () => {
    const token = await jwt(tb, { scopes: [scope("daily", { org: "acme" })] });
    await expectError(
      await api(tb, "/v0/pipes/org_events.json?org=acme", { token }),
      403,
      "The token you have provided doesn't have access to this resource",
    );
  });

  it("refuses expired, tampered, unsigned, wrongly signed and foreign-workspace tokens with 403", async () => {
    const scopes = [scope("org_events", { org: "acme" })];
    const good = await jwt(tb, { scopes });
    const [header, payload, signature] = good.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        workspace_id: tb.workspaceId,
        name: "x",
        exp: 9_999_999_999,
        scopes: [scope("org_events", { org: "globex" })],
      }),
    ).toString("base64url");
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`;
    const cases: Array<[string, string]> = [
      [
        await jwt(tb, { scopes, exp: Math.floor(Date.now() / 1000) - 5 }),
        "invalid authentication token. Invalid token: Signature has expired",
      ],
      [
        `${header}.${forged}.${signature}`,
        "invalid authentication token. Invalid token: Signature verification failed",
      ],
      [unsigned, "invalid authentication token. Invalid token: The specified alg value is not allowed"],
      [
        await jwt(tb, { scopes }, { key: "p.some-other-admin-token" }),
        "invalid authentication token. Invalid token: Signature verification failed",
      ],
      [
        await jwt(tb, { scopes, workspace_id: "another-workspace" }),
        "invalid authentication token. Workspace with ID another-workspace not found",
      ],
    ];
    for (const [token, error] of cases) {
      await expectError(await api(tb, "/v0/pipes/org_events.json?org=acme", { token }), 403, error);
    }
    const withoutExp = await new (await import("jose")).SignJWT({ workspace_id: tb.workspaceId, name: "x", scopes })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(tb.adminToken));
    await expectError(
      await api(tb, "/v0/pipes/org_events.json", { token: withoutExp }),
      403,
      'invalid authentication token. Invalid token: Token is missing the "exp" claim',
    );
    expect((await api(tb, "/v0/pipes/org_events.json?org=acme", { token: good })).status).toBe(200);
  });

  it("enforces limits.rps per JWT name and pipe with 429, Retry-After and X-RateLimit-*", async () => {
    const claims = {
      name: "rps_user",
      scopes: [scope("org_events", { org: "acme" }), scope("big_numbers")],
      limits: { rps: 2 },
    };
    const first = await jwt(tb, claims);
    const second = await jwt(tb, { ...claims, exp: Math.floor(Date.now() / 1000) + 300 });
    const statuses = [];
    for (const token of [first, second, first])
      statuses.push((await api(tb, "/v0/pipes/org_events.json", { token })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await api(tb, "/v0/pipes/org_events.json", { token: second });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    await expectError(limited, 429, /^Too many requests: retry after \d+ seconds$/);
    // Another pipe has its own budget.
    expect((await api(tb, "/v0/pipes/big_numbers.json", { token: first })).status).toBe(200);
  });

  it("reads the token from the query string too, and never logs it", async () => {
    const token = await jwt(tb, { scopes: [scope("org_events", { org: "acme" })] });
    expect((await api(tb, `/v0/pipes/org_events.json?token=${token}`, { token: null })).status).toBe(200);
    expect(tb.output()).toContain("GET /v0/pipes/org_events.json 200");
    expect(tb.output()).not.toContain(token);
    expect(tb.output()).not.toContain(tb.adminToken);
  });
});

describe("GET /v0/pipes", () => {
  it("lists every pipe for the admin token and only readable ones for scoped tokens", async () => {
    const all = await json<{ pipes: Array<{ name: string; id: string; type: string }> }>(await api(tb, "/v0/pipes"));
    expect(all.pipes.map((pipe) => pipe.name).sort()).toEqual([
      "big_numbers",
      "broken_copy",
      "copy_events",
      "daily",
      "daily_counts_mv",
      "draft",
      "fill_numbers",
      "org_events",
      "totals_by_org",
    ]);
    expect(all.pipes.find((pipe) => pipe.name === "org_events")).toMatchObject({
      id: expect.stringMatching(/^t_[0-9a-f]{32}$/),
      type: "endpoint",
    });
    const scoped = await json<{ pipes: Array<{ name: string }> }>(
      await api(tb, "/v0/pipes", { token: await datafileToken(tb, "reader") }),
    );
    expect(scoped.pipes.map((pipe) => pipe.name).sort()).toEqual(["big_numbers", "daily", "org_events"]);
    const byId = await api(tb, `/v0/pipes/${all.pipes.find((pipe) => pipe.name === "daily")!.id}.json?org=acme`);
    expect((await json(byId)).rows).toBe(1);
    await expectError(
      await api(tb, "/v0/pipes", { token: await jwt(tb, { scopes: [{ type: "PIPES:READ", resource: "daily" }] }) }),
      403,
      "invalid authentication token. Handler APIPipeListHandler does not support JWT tokens",
    );
  });
});
