// Malformed and oversized requests get Tinybird's 4xx answers, and nothing reaches the log as an unexpected error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;
let reader: string;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT, args: ["--no-fixtures"] });
  reader = await datafileToken(tb, "reader");
});

afterAll(async () => {
  await tb?.stop();
});

describe("malformed requests", () => {
  it("answer a q that ClickHouse can't parse with 400 [Error], for restricted tokens too", async () => {
    for (const path of ["/v0/pipes/big_numbers.json?q=(", "/v0/sql?q=("]) {
      for (const token of [tb.adminToken, reader]) {
        const response = await api(tb, path, { token });
        expect(response.status).toBe(400);
        expect(response.headers.get("x-db-exception-code")).toBe("62");
        expect((await json<{ error: string }>(response)).error).toMatch(/^\[Error\] Syntax error: .*\(SYNTAX_ERROR\)$/);
      }
    }
    expect(tb.output()).not.toContain("Unexpected error");
  });

  it("read control characters in arguments as spaces, as Tinybird's Tornado handlers do", async () => {
    const sql = await api(tb, "/v0/sql?q=SELECT%201%20AS%20one%00FORMAT%20JSON");
    expect(sql.status).toBe(200);
    expect((await json<{ data: unknown[] }>(sql)).data).toEqual([{ one: 1 }]);
    const pipe = await api(tb, "/v0/pipes/big_numbers.json?raw=a%00b");
    expect((await json<{ data: Array<{ raw: string }> }>(pipe)).data[0]!.raw).toBe("a b");
  });

  it("answer a URL over the header limit with 414 and a JSON error a client can read", async () => {
    const response = await api(tb, `/v0/pipes/org_events.json?org=${"x".repeat(40_000)}`);
    expect(response.status).toBe(414);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await json<{ error: string }>(response)).error).toMatch(/^Request-URI Too Long/);
  });

  it("answer a parameters body over 8 MB with 413", async () => {
    const response = await api(tb, "/v0/pipes/org_events.json", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ org: "x".repeat(9 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });
});
