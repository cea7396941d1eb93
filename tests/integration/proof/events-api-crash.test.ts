// The Events API killed mid-batch: kill -9 of the local Tinybird server while clients post `wait=true` batches into
// api_requests (which four materialized views roll up). Each batch is tagged through its user id, so after a
// restart every batch can be found in the raw table and in a rollup.
import { afterEach, describe, expect, it } from "vitest";
import { startTinybirdLocal, type TinybirdLocal } from "@/tests/support/tinybird-local";

const running: TinybirdLocal[] = [];
afterEach(async () => {
  for (const tb of running.splice(0)) await tb.stop();
});

async function start(): Promise<TinybirdLocal> {
  const tb = await startTinybirdLocal({ args: ["--no-fixtures"] });
  running.push(tb);
  return tb;
}

async function sql(tb: TinybirdLocal, query: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${tb.url}/v0/sql`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tb.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ q: `${query} FORMAT JSON` }),
  });
  const body = (await response.json()) as { data?: Array<Record<string, unknown>>; error?: string };
  if (!body.data) throw new Error(`${query}: ${response.status} ${body.error}`);
  return body.data;
}

/** A batch's rows: all with user `batch_<id>`, so the raw table and the per-user rollup both count it. */
function batchBody(id: string, rows: number, compact = false): string {
  const now = Date.now();
  return Array.from({ length: rows }, (_, i) =>
    JSON.stringify(
      compact
        ? { timestamp: Math.floor(now / 1000), org: "crash", user: `batch_${id}`, request_id: `${id}_${i}`, method: "GET", route: "/", status: 200, latency_ms: 1 }
        : { timestamp: new Date(now - i).toISOString(), org: "crash", user: `batch_${id}`, request_id: `${id}_${i}`, method: "POST", route: "/v1/ingest", status: 200, latency_ms: 4.5, bytes: 512, region: "eu-west-1" },
    ),
  ).join("\n");
}

async function post(tb: TinybirdLocal, body: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${tb.url}/v0/events?name=api_requests&wait=true`, { method: "POST", headers: { Authorization: `Bearer ${tb.adminToken}` }, body });
    const result = (await response.json()) as { successful_rows?: number };
    return response.status === 200 ? result.successful_rows : undefined;
  } catch {
    // The server died under this request: it was never acknowledged.
    return undefined;
  }
}

interface Batches {
  size: number;
  sent: string[];
  acknowledged: Set<string>;
}

/** Clients post batches back to back; once `ackedBefore` are acknowledged, kill -9 with requests in flight. */
async function crashWhilePosting(tb: TinybirdLocal, options: { clients: number; size: number; ackedBefore: number }): Promise<Batches> {
  const batches: Batches = { size: options.size, sent: [], acknowledged: new Set() };
  let crashed = false;
  let killed: Promise<void> | undefined;
  const client = async (c: number) => {
    for (let b = 0; !crashed; b++) {
      const id = `c${c}b${b}`;
      batches.sent.push(id);
      if ((await post(tb, batchBody(id, options.size))) === options.size) batches.acknowledged.add(id);
      if (!crashed && batches.acknowledged.size >= options.ackedBefore) {
        crashed = true;
        killed = tb.kill9();
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  await killed;
  await tb.restart();
  return batches;
}

async function rowsPerBatch(tb: TinybirdLocal): Promise<{ raw: Map<string, number>; rollup: Map<string, number> }> {
  const raw = await sql(tb, "SELECT substring(user, 7) AS batch, count() AS n FROM api_requests WHERE org = 'crash' GROUP BY batch");
  const rollup = await sql(tb, "SELECT substring(user, 7) AS batch, sum(requests) AS n FROM api_usage_15m WHERE org = 'crash' GROUP BY batch");
  const toMap = (rows: Array<Record<string, unknown>>) => new Map(rows.map((row) => [String(row.batch), Number(row.n)]));
  return { raw: toMap(raw), rollup: toMap(rollup) };
}

describe("Events API under kill -9", () => {
  it("keeps every acknowledged row, in the datasource and its rollups, and never half of a batch", async () => {
    const tb = await start();
    const batches = await crashWhilePosting(tb, { clients: 4, size: 2_000, ackedBefore: 8 });
    const { raw, rollup } = await rowsPerBatch(tb);

    const lost = [...batches.acknowledged].filter((id) => raw.get(id) !== batches.size || rollup.get(id) !== batches.size);
    const halves = [...raw].filter(([, rows]) => rows !== batches.size);
    const unacknowledged = batches.sent.filter((id) => !batches.acknowledged.has(id));
    console.log(
      `[proof] events kill -9: ${batches.sent.length} batches of ${batches.size} sent, ${batches.acknowledged.size} acknowledged; ` +
        `after restart ${raw.size} in api_requests (${unacknowledged.filter((id) => raw.has(id)).length} of ${unacknowledged.length} unacknowledged), ` +
        `${[...raw.keys()].filter((id) => rollup.get(id) !== raw.get(id)).length} missing from the rollups`,
    );
    expect(batches.acknowledged.size).toBeGreaterThanOrEqual(8);
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(halves).toEqual([]);
    expect([...raw.keys()].every((id) => batches.sent.includes(id))).toBe(true);
  });
});
