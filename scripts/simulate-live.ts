// `npm run tinybird:simulate`: keeps the live views moving by posting, every second, the demo model's requests whose
// time has come through the Events API. They are the rows the seed would have generated for that minute (same rate,
// seed, seasonality and incidents: scripts/support/demo-traffic.ts), so "now" continues the seeded curve.
import { parseArgs } from "node:util";
import { DEMO_RATE_PER_MINUTE, DEMO_SEED, demoRowsBetween, type DemoRow } from "./support/demo-traffic";
import { runScript } from "./support/run-script";
import { appendEvents, connectTinybird, querySql, type TinybirdAdmin } from "./support/tinybird-admin";

const MINUTE_MS = 60_000;
// After a longer stop, history is the seed's job (npm run dev tops it up): don't post a backlog as one burst.
const MAX_CATCH_UP_MS = 10 * MINUTE_MS;

const timeOf = (row: DemoRow) => Date.parse(`${String(row.timestamp).replace(" ", "T")}Z`);

async function newestRequest(tb: TinybirdAdmin): Promise<number | null> {
  const [row] = await querySql<{ newest: number | null }>(
    tb,
    "SELECT if(count() = 0, NULL, toUnixTimestamp64Milli(max(timestamp))) AS newest FROM api_requests",
  );
  return row?.newest ?? null;
}

export async function simulateLive(
  tb: TinybirdAdmin,
  traffic: { rate: number; seed: number },
  signal: AbortSignal,
): Promise<void> {
  // Rows up to the newest stored one are already there (seeded, or posted by an earlier run).
  let posted = Date.now();
  let fetchedUntil = 0;
  let pending: DemoRow[] = [];
  let started = false;
  while (!signal.aborted) {
    const tick = Date.now();
    try {
      if (!started) {
        posted = Math.max((await newestRequest(tb)) ?? tick, tick - MAX_CATCH_UP_MS);
        fetchedUntil = Math.floor(posted / MINUTE_MS) * MINUTE_MS;
        started = true;
      }
      if (tick >= fetchedUntil) {
        const until = (Math.floor(tick / MINUTE_MS) + 1) * MINUTE_MS;
        const rows = await demoRowsBetween(tb, traffic, fetchedUntil, until);
        pending = pending.concat(rows.filter((row) => timeOf(row) > posted));
        fetchedUntil = until;
      }
      const due = pending.filter((row) => timeOf(row) <= tick);
      if (due.length > 0) {
        await appendEvents(tb, "api_requests", due);
        pending = pending.slice(due.length);
      }
      posted = tick;
    } catch (error) {
      console.error(`live simulator: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: "string", default: String(DEMO_RATE_PER_MINUTE) },
      seed: { type: "string", default: String(DEMO_SEED) },
      url: { type: "string" },
    },
  });
  const rate = Number(values.rate);
  if (!(rate > 0)) throw new Error(`--rate must be a positive number of requests per minute, got ${values.rate}`);
  const tb = await connectTinybird(values.url);
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  console.log(`Posting the demo model's requests (~${rate}/min on average) to ${tb.url}/v0/events (Ctrl-C to stop)`);
  await simulateLive(tb, { rate, seed: Number(values.seed) }, controller.signal);
}

if (import.meta.url === `file://${process.argv[1]}`) runScript(main);
