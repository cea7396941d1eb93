// `npm run dev`: the whole local stack in one command. Starts the local Tinybird-compatible server (unless
// NEXT_PUBLIC_TINYBIRD_API_URL points somewhere else), tops demo data up to the current minute, keeps a live
// simulator posting events, and runs `next dev` on http://localhost:3000.
import { spawn, type ChildProcess } from "node:child_process";
import { loadEnvConfig } from "@next/env";
import { serverEnv } from "@/lib/env";
import { seedDemoData } from "./seed-demo-data";
import { simulateLive } from "./simulate-live";
import { connectTinybird, querySql, type TinybirdAdmin } from "./support/tinybird-admin";

const LOCAL_TINYBIRD_URL = "http://localhost:7181";
const DEMO_ROWS = 1_000_000;
const DEMO_DAYS = 90;

const children: ChildProcess[] = [];
const controller = new AbortController();

function stopAll(code: number): never {
  controller.abort();
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/tokens`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function startLocalTinybird(): Promise<void> {
  if (await reachable(LOCAL_TINYBIRD_URL)) {
    console.log(`Using the Tinybird API already listening on ${LOCAL_TINYBIRD_URL}`);
    return;
  }
  const server = spawn("npx", ["tinybird-local-chdb", "--watch", "--no-fixtures"], { stdio: "inherit" });
  children.push(server);
  server.once("exit", (code) => {
    console.error(`The local Tinybird server stopped (exit code ${code}).`);
    stopAll(1);
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (await reachable(LOCAL_TINYBIRD_URL)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The local Tinybird server did not answer on ${LOCAL_TINYBIRD_URL} within 60 s`);
}

/** Demo data ends "now": a first run generates 90 days; later runs generate only the gap since the newest row. */
async function topUpDemoData(tb: TinybirdAdmin): Promise<void> {
  const [latest] = await querySql<{ minutes_behind: number | null }>(
    tb,
    `SELECT if(count() = 0, NULL, dateDiff('minute', max(timestamp), now())) AS minutes_behind
     FROM api_requests WHERE timestamp > now() - INTERVAL ${DEMO_DAYS} DAY`,
  );
  const behind = latest?.minutes_behind ?? null;
  if (behind !== null && behind < 2) return;
  const started = Date.now();
  if (behind === null) {
    console.log(`Generating ${DEMO_ROWS.toLocaleString("en")} demo requests over ${DEMO_DAYS} days …`);
    await seedDemoData(tb, { rows: DEMO_ROWS, days: DEMO_DAYS, seed: 42, reset: false });
  } else {
    const rows = Math.round((DEMO_ROWS * behind) / (DEMO_DAYS * 1440));
    console.log(`Demo data is ${behind} minutes old; generating ~${rows.toLocaleString("en")} requests to catch up …`);
    const since = new Date(Date.now() - behind * 60_000).toISOString().slice(0, 16).replace("T", " ") + ":00";
    await seedDemoData(tb, { rows, days: DEMO_DAYS, start: since, seed: Date.now() % 1_000_000, reset: false });
  }
  console.log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  loadEnvConfig(process.cwd(), true);
  const env = serverEnv();
  process.once("SIGINT", () => stopAll(0));
  process.once("SIGTERM", () => stopAll(0));

  if (env.NEXT_PUBLIC_TINYBIRD_API_URL === LOCAL_TINYBIRD_URL) {
    await startLocalTinybird();
    const tb = await connectTinybird(LOCAL_TINYBIRD_URL);
    await topUpDemoData(tb);
    void simulateLive(tb, 20, controller.signal);
  } else {
    console.log(`Using Tinybird at ${env.NEXT_PUBLIC_TINYBIRD_API_URL} (no local server, no demo data)`);
  }

  const next = spawn("npx", ["next", "dev"], { stdio: "inherit" });
  children.push(next);
  next.once("exit", (code) => stopAll(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
