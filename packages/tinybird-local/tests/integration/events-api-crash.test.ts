// The Events API killed mid-batch: kill -9 of the local Tinybird server while clients post `wait=true` batches into
// `events` (which `daily_counts_mv` rolls up). Each batch is tagged through its org, so after a restart every batch
// can be found in the raw table and in the rollup.
import { afterEach, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { TEST_PROJECT } from "./tinybird-api";

const running: LocalServerProcess[] = [];
afterEach(async () => {
  for (const tb of running.splice(0)) await tb.stop();
});

async function start(): Promise<LocalServerProcess> {
  const tb = await spawnLocalServer({ project: TEST_PROJECT, args: ["--no-fixtures"] });
  running.push(tb);
  return tb;
}

async function sql(tb: LocalServerProcess, query: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${tb.url}/v0/sql`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tb.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ q: `${query} FORMAT JSON` }),
  });
  const body = (await response.json()) as { data?: Array<Record<string, unknown>>; error?: string };
  if (!body.data) throw new Error(`${query}: ${response.status} ${body.error}`);
  return body.data;
}

/** A batch's rows: all with org `batch_<id>`, so the raw table and the per-org rollup both count it. */
function batchBody(id: string, rows: number): string {
  const now = Date.now();
  return Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      ts: new Date(now - i).toISOString(),
      org: `batch_${id}`,
      user: { id: `user_${i}` },
      kind: "crash",
      amount: 1,
    }),
  ).join("\n");
}

async function post(tb: LocalServerProcess, body: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${tb.url}/v0/events?name=events&wait=true`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tb.adminToken}` },
      body,
    });
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
async function crashWhilePosting(
  tb: LocalServerProcess,
  options: { clients: number; size: number; ackedBefore: number },
): Promise<Batches> {
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

async function rowsPerBatch(
  tb: LocalServerProcess,
): Promise<{ raw: Map<string, number>; rollup: Map<string, number> }> {
  const raw = await sql(
    tb,
    "SELECT substring(org, 7) AS batch, count() AS n FROM events WHERE startsWith(org, 'batch_') GROUP BY batch",
  );
  const rollup = await sql(
    tb,
    "SELECT substring(org, 7) AS batch, sum(events) AS n FROM daily_counts WHERE startsWith(org, 'batch_') GROUP BY batch",
  );
  const toMap = (rows: Array<Record<string, unknown>>) =>
    new Map(rows.map((row) => [String(row.batch), Number(row.n)]));
  return { raw: toMap(raw), rollup: toMap(rollup) };
}

describe("Events API under kill -9", () => {
  it("keeps every acknowledged row, in the datasource and its rollup, and never half of a batch", async () => {
    const tb = await start();
    const batches = await crashWhilePosting(tb, { clients: 4, size: 2_000, ackedBefore: 8 });
    const { raw, rollup } = await rowsPerBatch(tb);

    const lost = [...batches.acknowledged].filter(
      (id) => raw.get(id) !== batches.size || rollup.get(id) !== batches.size,
    );
    const halves = [...raw].filter(([, rows]) => rows !== batches.size);
    const unacknowledged = batches.sent.filter((id) => !batches.acknowledged.has(id));
    console.log(
      `[proof] events kill -9: ${batches.sent.length} batches of ${batches.size} sent, ${batches.acknowledged.size} acknowledged; ` +
        `after restart ${raw.size} in events (${unacknowledged.filter((id) => raw.has(id)).length} of ${unacknowledged.length} unacknowledged), ` +
        `${[...raw.keys()].filter((id) => rollup.get(id) !== raw.get(id)).length} missing from the rollup`,
    );
    expect(batches.acknowledged.size).toBeGreaterThanOrEqual(8);
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(halves).toEqual([]);
    expect([...raw.keys()].every((id) => batches.sent.includes(id))).toBe(true);
  });
});
