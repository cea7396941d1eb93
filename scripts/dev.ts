// `npm run dev`: the whole local stack in one command. Supervises the local Tinybird-compatible server (restarted if
// it crashes; skipped when NEXT_PUBLIC_TINYBIRD_API_URL points elsewhere) and `next dev`; tops demo data up to the
// current minute and keeps a live simulator posting events. Either server exiting for good stops the other, and
// Ctrl-C stops both: each runs in its own process group, which is what gets signalled.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
// @next/env is a bundled CommonJS module: Node can't see its named exports from ESM.
import nextEnv from "@next/env";
import { serverEnv } from "@/lib/env";
import { seedDemoData } from "./seed-demo-data";
import { simulateLive } from "./simulate-live";
import { DEMO_DAYS, DEMO_ROWS, DEMO_SEED, ratePerMinute, utcMinute } from "./support/demo-traffic";
import { RequestLogSummary } from "./support/request-log-summary";
import { connectTinybird, querySql, type TinybirdAdmin } from "./support/tinybird-admin";

const USAGE = `Usage: npm run dev -- [--port <n>] [--tinybird-port <n>] [--tinybird-data <dir>] [--demo-rows <n>] [--verbose]

  --port <n>            the app's port (default $PORT or 3000)
  --tinybird-port <n>   the local Tinybird server's port (default $TINYBIRD_LOCAL_PORT, else the port of a
                        localhost NEXT_PUBLIC_TINYBIRD_API_URL, else 7181)
  --tinybird-data <dir> the local server's data folder (default .tinybird-local)
  --demo-rows <n>       demo requests over 180 days, generated on first start; sets the live rate (default 3110400)
  --verbose             every request the local server answers, not a summary every 10 s`;

const SUMMARY_EVERY_S = 10;
const READY_TIMEOUT_MS = 180_000;
// A server that keeps crashing is broken, not unlucky: give up after this many restarts in a minute.
const MAX_RESTARTS_PER_MINUTE = 3;
const STOP_GRACE_MS = 5_000;

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");
const TINYBIRD_BIN = path.join(
  path.dirname(require.resolve("tinybird-local-chdb/package.json")),
  "bin/tinybird-local-chdb.cjs",
);

function port(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new Error(`${flag} must be a port number between 1 and 65535, got "${value}"\n\n${USAGE}`);
  }
  return parsed;
}

const LOCAL_URL = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::(\d+))?$/;

/** The flags, with defaults from the environment (and .env files, already loaded) like `next dev`'s own PORT. */
function readOptions() {
  const tinybirdUrl = serverEnv().NEXT_PUBLIC_TINYBIRD_API_URL;
  const local = LOCAL_URL.exec(tinybirdUrl);
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT || "3000" },
      "tinybird-port": { type: "string", default: process.env.TINYBIRD_LOCAL_PORT || local?.[1] || "7181" },
      "tinybird-data": { type: "string", default: ".tinybird-local" },
      "demo-rows": { type: "string", default: String(DEMO_ROWS) },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const demoRows = Number(values["demo-rows"]);
  if (!Number.isInteger(demoRows) || demoRows < 1) throw new Error(`--demo-rows must be a positive whole number`);
  return {
    /** Null when the app talks to a Tinybird elsewhere (Cloud): no local server, no demo data. */
    remoteTinybird: local ? null : tinybirdUrl,
    port: port(values.port, "--port"),
    tinybirdPort: port(values["tinybird-port"], "--tinybird-port"),
    tinybirdData: path.resolve(values["tinybird-data"]),
    demoRows,
    verbose: values.verbose,
  };
}

type Options = ReturnType<typeof readOptions>;

const say = (line: string) => console.log(`[dev] ${line}`);

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(url: string, what: string, exited: () => boolean): Promise<void> {
  for (const deadline = Date.now() + READY_TIMEOUT_MS; Date.now() < deadline;) {
    if (exited()) throw new Error(`${what} stopped before it was ready`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** The process groups this loop started; stopping means signalling every one of them. */
class Children {
  private readonly running = new Set<ChildProcess>();

  start(command: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): ChildProcess {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    this.running.add(child);
    child.once("exit", () => this.running.delete(child));
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", onLine);
    return child;
  }

  signal(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      // The negative pid is the whole group: next dev's and tsx's own children go too.
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  }

  async stopAll(): Promise<void> {
    const exits = [...this.running].map((child) => new Promise((resolve) => child.once("exit", resolve)));
    for (const child of this.running) this.signal(child, "SIGTERM");
    const timer = setTimeout(() => {
      for (const child of this.running) this.signal(child, "SIGKILL");
    }, STOP_GRACE_MS);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  /** Last resort when this process exits without a clean stop. */
  killAll(): void {
    for (const child of this.running) this.signal(child, "SIGKILL");
  }
}

class DevLoop {
  private readonly children = new Children();
  private readonly simulator = new AbortController();
  private stopping = false;

  constructor(private readonly options: Options) {}

  async stop(code: number): Promise<never> {
    if (!this.stopping) {
      this.stopping = true;
      say("Stopping …");
      this.simulator.abort();
      await this.children.stopAll();
    }
    process.exit(code);
  }

  async run(): Promise<void> {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => void this.stop(0));
    process.once("exit", () => this.children.killAll());

    const tinybirdUrl = this.options.remoteTinybird ?? `http://localhost:${this.options.tinybirdPort}`;
    if (!(await portIsFree(this.options.port))) {
      throw new Error(`Port ${this.options.port} is in use (another npm run dev?); pass --port <n> or set PORT`);
    }

    const app = this.startNext(tinybirdUrl);
    let demo = "no local server, no demo data";
    if (!this.options.remoteTinybird) {
      await this.startTinybird(tinybirdUrl);
      const tb = await connectTinybird(tinybirdUrl);
      demo = await this.topUpDemoData(tb);
      const traffic = { rate: ratePerMinute(this.options.demoRows, DEMO_DAYS), seed: DEMO_SEED };
      void simulateLive(tb, traffic, this.simulator.signal);
    } else {
      say(`Using Tinybird at ${tinybirdUrl}`);
    }
    const appUrl = `http://localhost:${this.options.port}`;
    await waitFor(appUrl, "next dev", () => app.exitCode !== null || app.signalCode !== null);
    say(`Ready: ${appUrl}  (Tinybird ${tinybirdUrl}; ${demo}; Ctrl-C stops everything)`);
  }

  private startNext(tinybirdUrl: string): ChildProcess {
    const env = { ...process.env, NEXT_PUBLIC_TINYBIRD_API_URL: tinybirdUrl };
    const next = this.children.start(
      process.execPath,
      [NEXT_BIN, "dev", "--port", String(this.options.port)],
      env,
      // The app's URL is printed once, last, when everything is ready.
      (line) => {
        if (!/^\s*- (Local|Network):/.test(line)) console.log(line);
      },
    );
    next.once("exit", (code, signal) => {
      if (this.stopping) return;
      say(`next dev stopped (${signal ?? `exit code ${code}`}); stopping the local Tinybird server too`);
      void this.stop(code ?? 1);
    });
    return next;
  }

  private async startTinybird(url: string): Promise<void> {
    if (await answers(`${url}/tokens`)) {
      say(`Using the Tinybird API already listening on ${url}`);
      return;
    }
    const summary = new RequestLogSummary((line) => console.log(`[tinybird] ${line}`), this.options.verbose);
    setInterval(() => summary.flush(SUMMARY_EVERY_S), SUMMARY_EVERY_S * 1000).unref();
    const args = [
      TINYBIRD_BIN,
      "--watch",
      "--no-fixtures",
      "--exit-with-parent",
      "--port",
      String(this.options.tinybirdPort),
      "--data",
      this.options.tinybirdData,
    ];
    const restarts: number[] = [];
    const launch = async (): Promise<void> => {
      const child = this.children.start(process.execPath, args, process.env, (line) => summary.line(line));
      let ready = false;
      child.once("exit", (code, signal) => {
        if (this.stopping || !ready) return;
        const now = Date.now();
        restarts.push(now);
        const recent = restarts.filter((at) => now - at < 60_000).length;
        if (recent > MAX_RESTARTS_PER_MINUTE) {
          say(`The local Tinybird server crashed ${recent} times within a minute; stopping`);
          void this.stop(1);
          return;
        }
        say(`The local Tinybird server stopped (${signal ?? `exit code ${code}`}); restarting it`);
        const started = Date.now();
        launch().then(
          () => say(`The local Tinybird server is back (${((Date.now() - started) / 1000).toFixed(1)} s)`),
          (error: unknown) => {
            say(`The local Tinybird server didn't come back: ${(error as Error).message}`);
            void this.stop(1);
          },
        );
      });
      await waitFor(
        `${url}/tokens`,
        "The local Tinybird server",
        () => child.exitCode !== null || child.signalCode !== null,
      );
      ready = true;
    };
    await launch();
  }

  /**
   * Demo data covers the last 180 days up to now: a first run generates all of it; later runs generate the gap since
   * the newest row, and the days before the oldest one when an older data folder holds less.
   */
  private async topUpDemoData(tb: TinybirdAdmin): Promise<string> {
    const rows = this.options.demoRows;
    const [stored] = await querySql<{ oldest: number | null; newest: number | null }>(
      tb,
      `SELECT if(count() = 0, NULL, toUnixTimestamp64Milli(min(timestamp))) AS oldest,
              if(count() = 0, NULL, toUnixTimestamp64Milli(max(timestamp))) AS newest
       FROM api_requests WHERE timestamp > now() - INTERVAL ${DEMO_DAYS} DAY`,
    );
    const now = Date.now();
    const historyStart = now - DEMO_DAYS * 86_400_000;
    const seed = { rows, days: DEMO_DAYS, seed: DEMO_SEED, reset: false, log: () => undefined };
    const started = Date.now();
    if (stored?.newest == null || stored.oldest == null) {
      say(`Generating ~${rows.toLocaleString("en")} demo requests over ${DEMO_DAYS} days …`);
      await seedDemoData(tb, seed);
    } else {
      const gaps = [
        // An older data folder holds fewer days: the days before its oldest row (a few quiet minutes don't count).
        ...(stored.oldest - historyStart > 86_400_000 ? [{ from: historyStart, to: stored.oldest }] : []),
        { from: stored.newest + 60_000, to: now },
      ].filter((gap) => gap.to - gap.from >= 2 * 60_000);
      if (gaps.length === 0) return "demo data up to date";
      for (const gap of gaps) {
        const minutes = Math.round((gap.to - gap.from) / 60_000);
        say(
          `Generating ~${Math.round(ratePerMinute(rows, DEMO_DAYS) * minutes).toLocaleString("en")} demo requests for a ${minutes}-minute gap …`,
        );
        await seedDemoData(tb, { ...seed, start: utcMinute(gap.from), end: utcMinute(gap.to) });
      }
    }
    return `demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  }
}

let loop: DevLoop | undefined;
try {
  nextEnv.loadEnvConfig(process.cwd(), true);
  loop = new DevLoop(readOptions());
  await loop.run();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await (loop ? loop.stop(1) : process.exit(1));
}
