// `npm run bench:dashboard`: the dashboard's first frame as a browser loads it, server-first against client-only in
// one run. Two `next start`s of the local-auth production test build, one with the server prefetch and one with
// DASHBOARD_PREFETCH_MS=0 (every widget fetches from the browser), in front of one local Tinybird server with demo
// data (default 1M rows over 90 days); Debian's Chromium signed in as an org admin (every widget), loading each
// in turn, load by load, so both see the same machine. Prints per path: navigation → every widget drawn (no widget
// loading, no chart placeholder, every chart's SVG drawn), TTFB, LCP, CLS, the browser's pipe requests during the
// first load and the JS before the page works (gzip). The last line compares the two p50s.
// Flags: --rows 1000000  --loads 12  --path /dashboard  --user user_local_ada  --prefetch-ms N (the server-first
// path's DASHBOARD_PREFETCH_MS; default the app's). The README's images are npm run docs:screenshots.
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startNextServer, type NextServer } from "@/tests/support/next-server";
import { CHROMIUM_ARGS, chromiumExecutable } from "@/tests/support/chromium";
import { spawnLocalServer } from "tinybird-local-chdb";
import { seedDemoData } from "./seed-demo-data";
import { latencyStats, ms } from "./support/latency-stats";
import { runScript } from "./support/run-script";
import { connectTinybird } from "./support/tinybird-admin";

interface Load {
  drawnMs: number;
  ttfbMs: number;
  lcpMs: number;
  cls: number;
  /** Pipe requests the browser sent from navigation until the page had settled (before the first 5 s poll). */
  pipeRequests: string[];
  states: string[];
  /** Where the time went: the HTML's last byte, DOMContentLoaded, hydration's first effect, and each widget leaving its loading state. */
  htmlDoneMs: number;
  domContentLoadedMs: number;
  readyMs: Record<string, number>;
}

interface Path {
  name: "server-first" | "client-only";
  app: NextServer;
  context: BrowserContext;
  samples: Load[];
  jsBeforeInteractiveKb: number;
  jsFiles: number;
}

// How long after the load event requests and layout shifts still count as the first load's (the live tile polls
// every 5 s after it mounts, so this stays well below that).
const SETTLE_MS = 1_500;

function positiveInt(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--${name} must be a positive whole number, got ${value}`);
  return number;
}

/** Collects LCP, CLS and when widgets are drawn, from the first paint on, before any of the page's scripts run. */
async function observeVitals(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const vitals = { lcp: 0, cls: 0 };
    (window as unknown as { __vitals: typeof vitals }).__vitals = vitals;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) vitals.lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>)
        if (!entry.hadRecentInput) vitals.cls += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
    // Read on every DOM change, as the parser or React makes it: when each widget first leaves its loading state,
    // and the first frame painted once every widget is out of it with every chart drawn (an SVG with a path in each
    // chart: the server's, until recharts has drawn over it, or recharts').
    const page = window as unknown as { __ready: Record<string, number>; __drawn?: { at: number; states: string[] } };
    page.__ready = {};
    let complete = false;
    const observer = new MutationObserver(() => {
      const widgets = [...document.querySelectorAll("[data-widget]")];
      for (const widget of widgets) {
        const id = widget.getAttribute("data-widget")!;
        if (!(id in page.__ready) && widget.getAttribute("data-state") !== "loading")
          page.__ready[id] = performance.now();
      }
      if (complete || widgets.length === 0) return;
      if (widgets.some((widget) => widget.getAttribute("data-state") === "loading")) return;
      if ([...document.querySelectorAll("[data-chart]")].some((chart) => !chart.querySelector("svg path"))) return;
      complete = true;
      const states = widgets.map(
        (widget) => `${widget.getAttribute("data-widget")}=${widget.getAttribute("data-state")}`,
      );
      requestAnimationFrame((at) => (page.__drawn = { at, states }));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
}

/** Navigates and measures one load: drawn is read in the page on every frame, the rest once it has settled. */
async function load(page: Page, url: string): Promise<Load> {
  const pipeRequests: string[] = [];
  const onRequest = (request: { url(): string }) => {
    if (request.url().includes("/v0/pipes/")) pipeRequests.push(request.url());
  };
  page.on("request", onRequest);
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page
    .waitForFunction(() => (window as unknown as { __drawn?: { at: number; states: string[] } }).__drawn, null, {
      timeout: 60_000,
    })
    .catch(async (error: unknown) => {
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll("[data-widget]")].map(
          (widget) => `${widget.getAttribute("data-widget")}=${widget.getAttribute("data-state")}`,
        ),
      );
      throw new Error(`${url} never drew every widget (${shown.join(", ")}): ${String(error)}`);
    });
  const { at, states } = (await handle.jsonValue()) as { at: number; states: string[] };
  await page.waitForLoadState("load");
  await page.waitForTimeout(SETTLE_MS);
  const { ttfb, lcp, cls, htmlDone, domContentLoaded, ready } = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const vitals = (window as unknown as { __vitals: { lcp: number; cls: number } }).__vitals;
    const ready = (window as unknown as { __ready: Record<string, number> }).__ready;
    return {
      ttfb: navigation.responseStart,
      lcp: vitals.lcp,
      cls: vitals.cls,
      htmlDone: navigation.responseEnd,
      domContentLoaded: navigation.domContentLoadedEventStart,
      ready,
    };
  });
  page.off("request", onRequest);
  return {
    drawnMs: at,
    ttfbMs: ttfb,
    lcpMs: lcp,
    cls,
    pipeRequests,
    states,
    htmlDoneMs: htmlDone,
    domContentLoadedMs: domContentLoaded,
    readyMs: ready,
  };
}

/** A signed-in context on one app, and its first (cold) load: the JS the route ships before it works. */
async function openPath(
  browser: Browser,
  name: Path["name"],
  app: NextServer,
  user: string,
  route: string,
): Promise<Path> {
  const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1440, height: 1000 } });
  await observeVitals(context);
  const signIn = await context.request.post("/api/local-auth/session", { data: { userId: user } });
  if (!signIn.ok()) throw new Error(`Sign-in as ${user} failed: ${signIn.status()} ${await signIn.text()}`);
  const cold = await context.newPage();
  const scripts = new Map<string, Buffer>();
  let html = "";
  cold.on("response", async (response) => {
    const type = response.request().resourceType();
    if (type === "document") html = await response.text().catch(() => "");
    if (type !== "script" || !response.url().startsWith(app.url)) return;
    scripts.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
  });
  // Also sets the browser-timezone cookie, as any first visit does: later loads are a returning user's.
  await load(cold, route);
  await cold.close();
  // Scripts the HTML names load before the page works; the rest (the charts) load after.
  const initial = [...scripts.keys()].filter((url) => html.includes(new URL(url).pathname));
  const kb = initial.reduce((sum, url) => sum + gzipSync(scripts.get(url)!, { level: 9 }).length, 0) / 1024;
  return { name, app, context, samples: [], jsBeforeInteractiveKb: kb, jsFiles: initial.length };
}

function report(path: Path): void {
  const drawn = latencyStats(path.samples.map((sample) => sample.drawnMs));
  const ttfb = latencyStats(path.samples.map((sample) => sample.ttfbMs));
  const lcp = latencyStats(path.samples.map((sample) => sample.lcpMs));
  const cls = latencyStats(path.samples.map((sample) => sample.cls));
  const requests = path.samples.map((sample) => sample.pipeRequests.length);
  const widgets = path.samples[0]!.states.length;
  const notReady = path.samples.flatMap((sample) => sample.states.filter((state) => !state.endsWith("=ready")));
  console.log(`\n  ${path.name}`);
  console.log(`    navigation → all ${widgets} widgets drawn, ms   p50 ${ms(drawn.p50)}   p95 ${ms(drawn.p95)}`);
  console.log(`    TTFB, ms                            p50 ${ms(ttfb.p50)}   p95 ${ms(ttfb.p95)}`);
  console.log(`    LCP, ms                             p50 ${ms(lcp.p50)}   p95 ${ms(lcp.p95)}`);
  console.log(`    CLS                                 p50 ${cls.p50.toFixed(4)}   max ${cls.max.toFixed(4)}`);
  console.log(`    browser pipe requests, first load   ${Math.min(...requests)}–${Math.max(...requests)}`);
  console.log(
    `    JS before interactive (gzip)        ${path.jsBeforeInteractiveKb.toFixed(1)} kB in ${path.jsFiles} files`,
  );
  if (notReady.length > 0) console.log(`    widgets not ready: ${[...new Set(notReady)].join(", ")}`);
  const p50 = (values: number[]) => ms(latencyStats(values).p50);
  const ids = Object.keys(path.samples[0]!.readyMs);
  console.log(
    `    where the time goes, p50 ms: HTML done ${p50(path.samples.map((sample) => sample.htmlDoneMs))}, ` +
      `DOMContentLoaded ${p50(path.samples.map((sample) => sample.domContentLoadedMs))}; widget ready: ` +
      ids.map((id) => `${id} ${p50(path.samples.map((sample) => sample.readyMs[id] ?? NaN))}`).join(", "),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "1000000" },
      loads: { type: "string", default: "12" },
      path: { type: "string", default: "/dashboard" },
      user: { type: "string", default: "user_local_ada" },
      "prefetch-ms": { type: "string" },
    },
  });
  const rows = positiveInt("rows", values.rows);
  const loads = positiveInt("loads", values.loads);
  if (loads < 10) throw new Error("--loads must be at least 10 for a meaningful p50");

  console.log("Building the local-auth test build (reused when unchanged) …");
  const build = spawnSync("npx", ["tsx", "scripts/build-test.ts", "local"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("scripts/build-test.ts local failed");

  const tinybird = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  const env = { NEXT_PUBLIC_TINYBIRD_API_URL: tinybird.url };
  const budget = values["prefetch-ms"];
  const serverFirstApp = await startNextServer({
    mode: "local",
    env: budget === undefined ? env : { ...env, DASHBOARD_PREFETCH_MS: String(positiveInt("prefetch-ms", budget)) },
  });
  const clientOnlyApp = await startNextServer({ mode: "local", env: { ...env, DASHBOARD_PREFETCH_MS: "0" } });
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

    const serverFirst = await openPath(browser, "server-first", serverFirstApp, values.user, values.path);
    const clientOnly = await openPath(browser, "client-only", clientOnlyApp, values.user, values.path);
    for (let i = 0; i < loads; i++) {
      // Alternate which goes first, so neither always runs right after the other's background work.
      for (const path of i % 2 === 0 ? [serverFirst, clientOnly] : [clientOnly, serverFirst]) {
        const page = await path.context.newPage();
        path.samples.push(await load(page, values.path));
        await page.close();
      }
    }

    console.log(`\nDashboard ${values.path} as ${values.user}, ${loads} loads each, interleaved (warm browser cache)`);
    report(serverFirst);
    report(clientOnly);

    const a = latencyStats(serverFirst.samples.map((sample) => sample.drawnMs)).p50 / 1000;
    const b = latencyStats(clientOnly.samples.map((sample) => sample.drawnMs)).p50 / 1000;
    console.log(
      `\nfirst frame: server-first p50 ${a.toFixed(3)} s, client-only p50 ${b.toFixed(3)} s, ratio ${(a / b).toFixed(3)}`,
    );
  } finally {
    await browser.close();
    await serverFirstApp.stop();
    await clientOnlyApp.stop();
    await tinybird.stop();
  }
}

runScript(main);
