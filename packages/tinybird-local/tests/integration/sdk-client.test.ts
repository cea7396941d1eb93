import { createClient, createJWT, createTinybirdApi, TinybirdApiError } from "@tinybirdco/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { datafileToken, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT });
});

afterAll(async () => {
  await tb?.stop();
});

describe("the official @tinybirdco/sdk against Tinybird Local", () => {
  it("queries endpoints, sending array parameters as repeated keys", async () => {
    const api = createTinybirdApi({ baseUrl: tb.url, token: tb.adminToken });
    const result = await api.query<{ user_id: string }>("org_events", { org: "acme", users: ["u2", "u9"] });
    expect(result.data.map((row) => row.user_id)).toEqual(["u2"]);
    expect(result.rows).toBe(1);
    expect(result.meta.map((column) => column.name)).toContain("user_id");
  });

  it("ingests with ingestBatch (wait=true) and reads the rows back with sql()", async () => {
    const client = createClient({ baseUrl: tb.url, token: await datafileToken(tb, "events_append") });
    const ingested = await client.ingestBatch("events", [
      { ts: "2024-05-01 00:00:00", org: "sdk", user: { id: "s1" }, amount: 2 },
      { ts: "2024-05-01 00:01:00", org: "sdk", user: { id: "s2" }, amount: 3 },
      { ts: "not a date", org: "sdk", user: { id: "s3" } },
    ]);
    expect(ingested).toEqual({ successful_rows: 2, quarantined_rows: 1 });
    const admin = createTinybirdApi({ baseUrl: tb.url, token: tb.adminToken });
    const rows = await admin.sql<{ users: number; amount: number }>(
      "SELECT count() AS users, sum(amount) AS amount FROM events WHERE org = 'sdk'",
    );
    expect(rows.data).toEqual([{ users: 2, amount: 5 }]);
  });

  it("mints a JWT with createJWT and queries with it; errors surface as TinybirdApiError", async () => {
    const { token } = await createJWT(
      { baseUrl: tb.url, token: tb.adminToken },
      {
        name: "sdk_user",
        expiresAt: new Date(Date.now() + 600_000),
        scopes: [{ type: "PIPES:READ", resource: "org_events", fixed_params: { org: "globex" } }],
      },
    );
    const reader = createTinybirdApi({ baseUrl: tb.url, token });
    const result = await reader.query<{ org: string }>("org_events", { org: "acme" });
    expect(result.data.map((row) => row.org)).toEqual(["globex"]);
    const denied = reader.query("daily", { org: "globex" });
    await expect(denied).rejects.toBeInstanceOf(TinybirdApiError);
    await expect(denied).rejects.toMatchObject({
      statusCode: 403,
      message: "The token you have provided doesn't have access to this resource",
    });
  });
});
