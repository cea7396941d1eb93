// `npm run tinybird:simulate`: keeps the live views moving by posting a second's worth of requests through the
// Events API every second. Each event replays a random recent request (so volumes, errors and latencies keep the
// demo data's shape) with a fresh id and the current time.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { runScript } from "./support/run-script";
import { appendEvents, connectTinybird, querySql, type TinybirdAdmin } from "./support/tinybird-admin";

type Sample = Record<string, string | number>;

const SAMPLE_SIZE = 5000;
const RESAMPLE_EVERY_MS = 60_000;

async function sampleRecentRequests(tb: TinybirdAdmin): Promise<Sample[]> {
  return querySql<Sample>(
    tb,
    `SELECT org, user, method, route, status, latency_ms, bytes, region, client FROM api_requests
     WHERE timestamp > now() - INTERVAL 7 DAY ORDER BY rand() LIMIT ${SAMPLE_SIZE}`,
  );
}

export async function simulateLive(tb: TinybirdAdmin, eventsPerSecond: number, signal: AbortSignal): Promise<void> {
  let samples: Sample[] = [];
  let sampledAt = 0;
  while (!signal.aborted) {
    const tick = Date.now();
    try {
      if (tick - sampledAt > RESAMPLE_EVERY_MS || samples.length === 0) {
        samples = await sampleRecentRequests(tb);
        sampledAt = tick;
        if (samples.length === 0) console.log("live simulator: no recent requests to replay yet; seed demo data first");
      }
      // Poisson-ish jitter so the live chart doesn't look like a metronome.
      const count = samples.length === 0 ? 0 : Math.max(0, Math.round(eventsPerSecond * (0.6 + Math.random() * 0.8)));
      const events = Array.from({ length: count }, () => ({
        ...samples[Math.floor(Math.random() * samples.length)],
        timestamp: new Date(tick - Math.floor(Math.random() * 1000)).toISOString(),
        request_id: `req_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
      }));
      if (events.length > 0) await appendEvents(tb, "api_requests", events);
    } catch (error) {
      console.error(`live simulator: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rate: { type: "string", default: "20" }, url: { type: "string" } } });
  const rate = Number(values.rate);
  if (!(rate > 0)) throw new Error(`--rate must be a positive number of events per second, got ${values.rate}`);
  const tb = await connectTinybird(values.url);
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  console.log(`Posting ~${rate} events/s to ${tb.url}/v0/events?name=api_requests (Ctrl-C to stop)`);
  await simulateLive(tb, rate, controller.signal);
}

if (import.meta.url === `file://${process.argv[1]}`) runScript(main);
