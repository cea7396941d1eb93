// `npm run bench:dashboard`: the dashboard as a browser loads it. `next start` on the local-auth production test
// build, the local Tinybird server with demo data (default 1M rows over 90 days), Debian's Chromium signed in as an
// org admin (every widget). Prints, over N loads: time from navigation to every widget rendered (data-state="ready"
// and its chart drawn), pipe requests per load (target: one per widget, none twice) and the JS the route ships (gzip).
// Flags: --rows 1000000  --loads 12  --path /dashboard  --user user_local_ada. The README's images are
// npm run docs:screenshots.
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { startNextServer } from "@/tests/support/next-server";
import { CHROMIUM_ARGS, chromiumExecutable } from "@/tests/support/chromium";
import { spawnLocalServer } from "tinybird-local-chdb";
import { seedDemoData } from "./seed-demo-data";
import { latencyStats, ms } from "./support/latency-stats";
import { runScript } from "./support/run-script";
import { connectTinybird } from "./support/tinybird-admin";

interface Load {
  renderedMs: number;
  /** When the first pipe request started and the last response ended (ms from navigation). */
  firstRequestMs: number;
  lastResponseMs: number;
  pipeRequests: string[];
  states: string[];
}

function positiveInt(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--${name} must be a positive whole number, got ${value}`);
  return number;
}

/** Navigates and returns ms from navigation start until no widget is loading, read in the page on every frame. */
async function load(page: Page, url: string): Promise<Load> {
  const pipeRequests: string[] = [];
  const onRequest = (request: { url(): string }) => {
    if (request.url().includes("/v0/pipes/")) pipeRequests.push(request.url());
  };
  page.on("request", onRequest);
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll("[data-widget]")];
      if (widgets.length === 0 || widgets.some((widget) => widget.getAttribute("data-state") === "loading"))
        return false;
      // Charts load their code in parallel with the data: rendered means drawn, not a placeholder.
      if (document.querySelector("[data-chart-loading]")) return false;
      const pipes = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((entry) =>
        entry.name.includes("/v0/pipes/"),
      );
      return {
        at: performance.now(),
        first: Math.min(...pipes.map((entry) => entry.startTime)),
        last: Math.max(...pipes.map((entry) => entry.responseEnd)),
        states: widgets.map((widget) => `${widget.getAttribute("data-widget")}=${widget.getAttribute("data-state")}`),
      };
    },
    null,
    { polling: "raf", timeout: 60_000 },
  );
  const { at, first, last, states } = (await handle.jsonValue()) as {
    at: number;
    first: number;
    last: number;
    states: string[];
  };
  page.off("request", onRequest);
  return { renderedMs: at, firstRequestMs: first, lastResponseMs: last, pipeRequests, states };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "1000000" },
      loads: { type: "string", default: "12" },
      path: { type: "string", default: "/dashboard" },
      user: { type: "string", default: "user_local_ada" },
    },
  });
  const rows = positiveInt("rows", values.rows);
  const loads = positiveInt("loads", values.loads);
  if (loads < 10) throw new Error("--loads must be at least 10 for a meaningful p50");

  console.log("Building the local-auth test build (reused when unchanged) …");
  const build = spawnSync("npx", ["tsx", "scripts/build-test.ts", "local"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("scripts/build-test.ts local failed");

  const tinybird = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  const app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybird.url } });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const seeded = Date.now();
    const total = await seedDemoData(await connectTinybird(tinybird.url), {
      rows,
      days: 90,
      seed: 42,
      reset: false,
      log: () => undefined,
    });
    console.log(
      `Seeded ${total.toLocaleString("en")} demo rows (90 days ending now) in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
    );

    const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1440, height: 1000 } });
    const signIn = await context.request.post("/api/local-auth/session", { data: { userId: values.user } });
    if (!signIn.ok()) throw new Error(`Sign-in as ${values.user} failed: ${signIn.status()} ${await signIn.text()}`);

    // The first load, with a cold browser cache: what the route ships.
    const cold = await context.newPage();
    const scripts = new Map<string, Buffer>();
    let html = "";
    cold.on("response", async (response) => {
      const type = response.request().resourceType();
      if (type === "document") html = await response.text().catch(() => "");
      if (type !== "script" || !response.url().startsWith(app.url)) return;
      scripts.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
    });
    const first = await load(cold, values.path);
    await cold.waitForLoadState("load");
    await cold.close();
    // Scripts the HTML names load before the page works; the rest (the charts) load while data is in flight.
    const initial = [...scripts.keys()].filter((url) => html.includes(new URL(url).pathname));
    const size = (urls: string[], gzip: boolean) =>
      urls.reduce(
        (sum, url) => sum + (gzip ? gzipSync(scripts.get(url)!, { level: 9 }).length : scripts.get(url)!.length),
        0,
      ) / 1024;
    const all = [...scripts.keys()];
    const later = all.filter((url) => !initial.includes(url));

    const samples: Load[] = [];
    for (let i = 0; i < loads; i++) {
      const page = await context.newPage();
      samples.push(await load(page, values.path));
      await page.close();
    }

    const times = latencyStats(samples.map((sample) => sample.renderedMs));
    const firstRequest = latencyStats(samples.map((sample) => sample.firstRequestMs));
    const lastResponse = latencyStats(samples.map((sample) => sample.lastResponseMs));
    const widgets = samples[0]!.states.length;
    const perLoad = samples.map((sample) => sample.pipeRequests.length);
    const duplicates = samples.map((sample) => sample.pipeRequests.length - new Set(sample.pipeRequests).size);
    const notReady = samples.flatMap((sample) => sample.states.filter((state) => !state.endsWith("=ready")));

    console.log(
      `\nDashboard ${values.path} as ${values.user}, ${loads} loads (warm browser cache; first cold load ${first.renderedMs.toFixed(0)} ms)`,
    );
    console.log(
      `  navigation → all ${widgets} widgets rendered, ms   p50 ${ms(times.p50)}   p95 ${ms(times.p95)}   max ${ms(times.max)}   (target p50 ≤ 1500)`,
    );
    console.log(
      `    p50 first pipe request sent ${ms(firstRequest.p50, 0)} ms, last response ${ms(lastResponse.p50, 0)} ms after navigation`,
    );
    console.log(
      `  pipe requests per load: ${Math.min(...perLoad)}–${Math.max(...perLoad)} for ${widgets} widgets, duplicates ${Math.max(...duplicates)} (target: one per widget, none twice)`,
    );
    console.log(
      `  JS for the route (gzip): ${size(all, true).toFixed(1)} kB in ${all.length} files (${size(all, false).toFixed(0)} kB raw); ` +
        `${size(initial, true).toFixed(1)} kB before it works, ${size(later, true).toFixed(1)} kB of charts loaded with the data`,
    );
    if (notReady.length > 0) console.log(`  widgets not ready: ${[...new Set(notReady)].join(", ")}`);
  } finally {
    await browser.close();
    await app.stop();
    await tinybird.stop();
  }
}

runScript(main);
