// `npm run docs:screenshots`: the README's images, docs/dashboard.png and docs/dashboard-dark.png, from the real app:
// the local-auth test build on `next start`, a fresh local Tinybird server with npm run dev's demo data (180 days
// ending now) and its live simulator, Chromium at a fixed viewport signed in as Ada (acme admin: every widget), in
// New York time, light then dark. Rerun it after a visible change so the images can't drift from the app.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { chromium } from "@playwright/test";
import { spawnLocalServer } from "tinybird-local-chdb";
import { CHROMIUM_ARGS, chromiumExecutable } from "@/tests/support/chromium";
import { startNextServer } from "@/tests/support/next-server";
import { seedDemoData } from "./seed-demo-data";
import { simulateLive } from "./simulate-live";
import { DEMO_DAYS, DEMO_ROWS, DEMO_SEED, ratePerMinute } from "./support/demo-traffic";
import { runScript } from "./support/run-script";
import { connectTinybird } from "./support/tinybird-admin";

const VIEWPORT = { width: 1440, height: 1000 };
const USER = "user_local_ada";
const TIMEZONE = "America/New_York";
const OUTPUT = path.resolve("docs");

async function main(): Promise<void> {
  console.log("Building the local-auth test build (reused when unchanged) …");
  const build = spawnSync("npx", ["tsx", "scripts/build-test.ts", "local"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("scripts/build-test.ts local failed");

  const tinybird = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  const simulator = new AbortController();
  const app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybird.url } });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const tb = await connectTinybird(tinybird.url);
    console.log(`Generating ~${DEMO_ROWS.toLocaleString("en")} demo requests over ${DEMO_DAYS} days …`);
    await seedDemoData(tb, { rows: DEMO_ROWS, days: DEMO_DAYS, seed: DEMO_SEED, reset: false, log: () => undefined });
    void simulateLive(tb, { rate: ratePerMinute(DEMO_ROWS, DEMO_DAYS), seed: DEMO_SEED }, simulator.signal);

    const context = await browser.newContext({
      baseURL: app.url,
      viewport: VIEWPORT,
      timezoneId: TIMEZONE,
      locale: "en-US",
    });
    const signIn = await context.request.post("/api/local-auth/session", { data: { userId: USER } });
    if (!signIn.ok()) throw new Error(`Sign-in as ${USER} failed: ${signIn.status()} ${await signIn.text()}`);
    const page = await context.newPage();
    for (const [scheme, file] of [
      ["light", "dashboard.png"],
      ["dark", "dashboard-dark.png"],
    ] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/dashboard");
      await page.waitForFunction(
        () => {
          const widgets = [...document.querySelectorAll("[data-widget]")];
          return (
            widgets.length > 0 &&
            widgets.every((widget) => widget.getAttribute("data-state") === "ready") &&
            // recharts' own drawing, not the server's SVG it replaces: what people see once the page has loaded.
            !document.querySelector('[data-chart="server"]')
          );
        },
        null,
        { timeout: 60_000 },
      );
      // Past the "updated just now" flash and any font swap.
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: path.join(OUTPUT, file), fullPage: true });
      console.log(`Wrote ${path.relative(process.cwd(), path.join(OUTPUT, file))} (${scheme})`);
    }
  } finally {
    simulator.abort();
    await browser.close();
    await app.stop();
    await tinybird.stop();
  }
}

runScript(main);
