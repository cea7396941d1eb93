// The first frame comes from the server: every widget's numbers are in the streamed HTML, hydration asks Tinybird
// nothing for them, an outage never holds the page back, and an org switch never shows the previous org's rows.
import type { Page } from "@playwright/test";
import { formatBytes, formatCount } from "@/lib/dashboard/format";
import { WIDGETS } from "./support/dashboard-page";
import { expect, test as base } from "./support/fault-proxy-test";
import { fixtureKpis, fixtureSql } from "./support/fixture-sql";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };
const SQL_RANGE = ["2026-11-01 00:00:00", "2026-11-08 00:00:00"] as const;
const MEMBER_WIDGETS = WIDGETS.filter((id) => id !== "members");

const test = base.extend({
  // A budget long enough to tell "waits" from "doesn't".
  appEnv: [async ({ appEnv }, provide) => provide({ ...appEnv, DASHBOARD_PREFETCH_MS: "4000" }), { scope: "worker" }],
});

test.use({ failOnConsoleErrors: true });
test.beforeEach(async ({ faultProxy }) => faultProxy.set({ kind: "none" }));

/** Pipe requests the page sends from now on. */
function pipeRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/v0/pipes/")) urls.push(request.url());
  });
  return urls;
}

test("the streamed HTML alone shows every widget with its numbers and charts, equal to SQL", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
  consoleErrors,
}) => {
  consoleErrors.allow(/ERR_FAILED/);
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_ada");
  // None of the app's JavaScript runs: what is on screen is the server's HTML (and React's inline stream scripts).
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  // A server's first render is slow (cold modules and queries) and may outlast the budget; this is about a warm one.
  await page.request.get(`/dashboard?${new URLSearchParams(RANGE)}`);
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);

  const expected = await fixtureKpis(tinybird, "acme", ...SQL_RANGE);
  await expect(dashboard.kpi("requests")).toHaveText(formatCount(expected.requests));
  await expect(dashboard.kpi("errors")).toHaveText(`${formatCount(expected.errors)} errors (4xx, 5xx)`);
  await expect(dashboard.kpi("active-members")).toHaveText(formatCount(expected.members));
  await expect(dashboard.kpi("bytes")).toHaveText(formatBytes(expected.bytes));
  const members = await fixtureSql<{ users: number }>(
    tinybird,
    `SELECT uniqExact(user) AS users FROM api_requests WHERE org = 'acme' AND timestamp >= '${SQL_RANGE[0]}' AND timestamp < '${SQL_RANGE[1]}'`,
  );
  await expect(page.getByTestId("members-table").locator("tbody tr")).toHaveCount(members[0]!.users);
  await expect(page.getByTestId("top-routes-table").locator("tbody tr")).toHaveCount(10);
  for (const id of ["requests-over-time", "latency"]) {
    await expect(dashboard.widget(id).locator("svg path").first()).toBeAttached();
  }
  expect(requests).toEqual([]);
});

test("hydration sends no pipe request for the widgets that arrived with data, and polling goes on", async ({
  page,
  signInPage,
  dashboard,
}) => {
  const requests: Array<{ url: string; at: number }> = [];
  page.on("request", (request) => {
    if (request.url().includes("/v0/pipes/")) requests.push({ url: request.url(), at: Date.now() });
  });
  await signInPage.signInWithApi("user_local_ada");
  const navigated = Date.now();
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);
  // Hydrated: the controls respond (a client-side state change closes the custom range's form).
  await page.getByTestId("range-custom").click();
  await expect(page.getByTestId("custom-range-form")).toBeHidden();
  await page.waitForTimeout(2_000);
  // The range is over, so ranged widgets never poll; the live ones poll every 5 s after they mount, so a request
  // sooner than that after navigating would be hydration fetching what the server already sent.
  for (const { url, at } of requests) {
    expect(url).toMatch(/\/(live_requests|recent_requests)\.json/);
    expect(at - navigated).toBeGreaterThanOrEqual(5_000);
  }
  await expect
    .poll(() => requests.filter(({ url }) => url.includes("/live_requests.json")).length, { timeout: 12_000 })
    .toBeGreaterThan(0);
});

test("with Tinybird down the page renders at once and every widget shows its error", async ({
  page,
  signInPage,
  dashboard,
  faultProxy,
  consoleErrors,
}) => {
  consoleErrors.allow(/ERR_CONNECTION_REFUSED/);
  await signInPage.signInWithApi("user_local_ada");
  // Minted while Tinybird is up (local mode reads the signing key from it), the session's token is then cached.
  await dashboard.open(RANGE);
  await faultProxy.set({ kind: "down" });
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(dashboard.userName).toBeVisible();
  for (const id of WIDGETS) {
    await expect(dashboard.widget(id)).toHaveAttribute("data-state", "error", { timeout: 20_000 });
    await expect(dashboard.widget(id).getByTestId("widget-error-message")).toHaveText(
      /^Couldn't reach analytics for the [a-z ]+\.$/,
    );
  }
});

test("a Tinybird that doesn't answer holds back neither the page nor its skeletons", async ({
  page,
  signInPage,
  dashboard,
  faultProxy,
}) => {
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await faultProxy.set({ kind: "slow", delayMs: 15_000 });
  const started = Date.now();
  // Not waiting for "load": the document is still streaming (the widgets' boundaries wait for the budget).
  await page.goto(`/dashboard?${new URLSearchParams(RANGE)}`, { waitUntil: "commit" });
  await expect(page.getByTestId("dashboard-controls")).toBeVisible();
  // Well before the server's 4 s budget runs out: the shell didn't wait for it, and every widget shows its skeleton.
  expect(Date.now() - started).toBeLessThan(4_000);
  await expect(dashboard.widgets).toHaveCount(WIDGETS.length);
  for (const id of WIDGETS) await expect(dashboard.widget(id)).toHaveAttribute("data-state", "loading");
});

test("an org switch never renders the previous org's server data, and a reload brings the new org's", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
}) => {
  const requests = pipeRequests(page);
  await dashboard.recordKpiRequests();
  await signInPage.signInWithApi("user_local_grace", "acme");
  const acme = formatCount((await fixtureKpis(tinybird, "acme", ...SQL_RANGE, "user_local_grace")).requests);
  const globex = formatCount((await fixtureKpis(tinybird, "globex", ...SQL_RANGE, "user_local_grace")).requests);
  expect(acme).not.toBe(globex);

  await dashboard.open(RANGE);
  await expect(dashboard.kpi("requests")).toHaveText(acme);
  expect(requests.filter((url) => url.includes("/usage_kpis.json"))).toEqual([]); // acme's came from the server
  const shownBefore = (await dashboard.kpiRequestsHistory()).length;
  await dashboard.switchOrg("globex");
  await expect(dashboard.kpi("requests")).toHaveText(globex);
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
  expect((await dashboard.kpiRequestsHistory()).slice(shownBefore)).not.toContain(acme);

  await page.reload();
  await expect(dashboard.kpi("requests")).toHaveText(globex);
  expect(await dashboard.kpiRequestsHistory()).not.toContain(acme);
});
