// The demo traffic model tells one story: history seeded in one go, history seeded in pieces (npm run dev's
// top-ups) and what the live simulator posts for a minute are the same rows, at the rate the knobs say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/scripts/seed-demo-data";
import { demoRowsBetween, ratePerMinute } from "@/scripts/support/demo-traffic";
import { connectTinybird, querySql, type TinybirdAdmin } from "@/scripts/support/tinybird-admin";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";

const END = "2026-11-20 00:00:00";
const MINUTE = 60_000;
const end = Date.parse(`${END.replace(" ", "T")}Z`);
const TRAFFIC = { rows: 200_000, days: 14, seed: 42 };

let server: LocalServerProcess;
let tb: TinybirdAdmin;
beforeAll(async () => {
  server = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  tb = await connectTinybird(server.url);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const ids = async (from: number, to: number) =>
  (
    await querySql<{ request_id: string }>(
      tb,
      `SELECT request_id FROM api_requests WHERE timestamp >= fromUnixTimestamp64Milli(${from})
         AND timestamp < fromUnixTimestamp64Milli(${to}) ORDER BY request_id`,
    )
  ).map((row) => row.request_id);

describe("the demo traffic model", () => {
  it("seeds the same rows in one go as in a first part plus a top-up, and the simulator's minute equals both", async () => {
    const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    const split = end - 3 * 86_400_000 + 17 * MINUTE;
    await seedDemoData(tb, { ...TRAFFIC, end: utc(split), reset: true, log: () => undefined });
    await seedDemoData(tb, { ...TRAFFIC, start: utc(split), end: END, reset: false, log: () => undefined });
    const pieced = await ids(end - TRAFFIC.days * 86_400_000, end);

    await seedDemoData(tb, { ...TRAFFIC, end: END, reset: true, log: () => undefined });
    const whole = await ids(end - TRAFFIC.days * 86_400_000, end);
    expect(pieced).toEqual(whole);
    // Within a few percent of the rows asked for: the rate is what the knobs say.
    expect(whole.length).toBeGreaterThan(TRAFFIC.rows * 0.95);
    expect(whole.length).toBeLessThan(TRAFFIC.rows * 1.05);

    // The simulator reads the model's rows for the minutes it posts: the seeded ones, exactly.
    const rate = { rate: ratePerMinute(TRAFFIC.rows, TRAFFIC.days), seed: TRAFFIC.seed };
    const live = await demoRowsBetween(tb, rate, split - 30 * MINUTE, split + 30 * MINUTE);
    expect(live.length).toBeGreaterThan(0);
    expect(live.map((row) => String(row.request_id)).sort()).toEqual(
      await ids(split - 30 * MINUTE, split + 30 * MINUTE),
    );
  }, 120_000);

  it("keeps the tenant layout: each org's rows come only from its own members", async () => {
    const rows = await querySql<{ org: string; users: string[] }>(
      tb,
      "SELECT org, groupUniqArray(user) AS users FROM api_requests GROUP BY org ORDER BY org",
    );
    expect(rows.map((row) => [row.org, [...row.users].sort()])).toEqual([
      [
        "acme",
        [
          "user_acme_jules",
          "user_acme_kai",
          "user_acme_svc_billing",
          "user_acme_svc_search",
          "user_local_ada",
          "user_local_grace",
        ],
      ],
      [
        "globex",
        ["user_globex_mia", "user_globex_omar", "user_globex_svc_etl", "user_local_grace", "user_local_linus"],
      ],
      ["initech", ["user_initech_peter", "user_initech_svc_reports", "user_local_margaret"]],
    ]);
  });
});
