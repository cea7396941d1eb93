// The overview as users meet it, on the fixture data (2026-10-30 → 2026-11-20 UTC) through URL state: numbers equal
// to SQL on the raw rows, tenancy across org switches and edited URLs, token renewal, errors, controls, themes.
import type { Page, Request } from "@playwright/test";
import { formatBytes, formatCount, formatPercent } from "@/lib/dashboard/format";
import { WIDGETS } from "./support/dashboard-page";
import { expect, test } from "./support/e2e-test";
import { fixtureKpis, fixtureSql } from "./support/fixture-sql";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };
const SQL_RANGE = ["2026-11-01 00:00:00", "2026-11-08 00:00:00"] as const;
const MEMBER_WIDGETS = WIDGETS.filter((id) => id !== "members");

test.use({ failOnConsoleErrors: true });

// `it`: a test of what the browser does on its own (requests, renewal, 429, errors), on a page without the server's
// first results (DASHBOARD_PREFETCH_MS=0): every widget fetches from the browser, as after a client-side navigation.
const it = test.extend<object, object>({
  appEnv: [async ({}, provide) => provide({ DASHBOARD_PREFETCH_MS: "0" }), { scope: "worker" }],
});

function pipeRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/v0/pipes/")) requests.push(request);
  });
  return requests;
}

function tokenClaims(request: Request): { name: string } {
  const token = request.headers()["authorization"]!.replace("Bearer ", "");
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { name: string };
}

function milliseconds(text: string): number {
  const match = /([\d.]+)\s*(ms|s)/.exec(text);
  if (!match) throw new Error(`not a latency: ${text}`);
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

it("Ada, an acme admin, sees acme's KPIs equal to direct SQL on the fixture, and every widget", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
}) => {
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);

  const expected = await fixtureKpis(tinybird, "acme", ...SQL_RANGE);
  await expect(dashboard.kpi("requests")).toHaveText(formatCount(expected.requests));
  await expect(dashboard.kpi("errors")).toHaveText(`${formatCount(expected.errors)} errors (4xx, 5xx)`);
  await expect(dashboard.kpi("error-rate")).toHaveText(
    formatPercent(Math.round((expected.errors / expected.requests) * 10_000) / 10_000),
  );
  await expect(dashboard.kpi("active-members")).toHaveText(formatCount(expected.members));
  await expect(dashboard.kpi("bytes")).toHaveText(formatBytes(expected.bytes));
  // Percentiles come from log-scale histograms: within 10 % of exact.
  expect(milliseconds(await dashboard.kpi("latency-p50").innerText())).toBeGreaterThan(expected.p50 * 0.9);
  expect(milliseconds(await dashboard.kpi("latency-p50").innerText())).toBeLessThan(expected.p50 * 1.1);
  expect(milliseconds(await dashboard.kpi("latency-p95").innerText())).toBeGreaterThan(expected.p95 * 0.9);
  expect(milliseconds(await dashboard.kpi("latency-p95").innerText())).toBeLessThan(expected.p95 * 1.1);

  const members = await fixtureSql<{ user: string }>(
    tinybird,
    `SELECT DISTINCT user FROM api_requests WHERE org = 'acme' AND timestamp >= '${SQL_RANGE[0]}' AND timestamp < '${SQL_RANGE[1]}'`,
  );
  await expect(page.getByTestId("members-table").locator("tbody tr")).toHaveCount(members.length);
  await expect(page.getByTestId("members-table")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("members-table")).toContainText("user_acme_svc_billing");

  // One request per widget (the live ones may have polled since), each with the admin's org-wide token.
  const names = requests.map((request) => new URL(request.url()).pathname.split("/").pop()!.replace(".json", ""));
  const ranged = [
    "latency_over_time",
    "member_usage",
    "regions",
    "requests_over_time",
    "status_codes",
    "top_routes",
    "usage_kpis",
  ];
  expect(names.filter((name) => ranged.includes(name)).sort()).toEqual(ranged);
  expect([...new Set(names)].sort()).toEqual([...ranged, "live_requests", "recent_requests"].sort());
  for (const request of requests) {
    expect(request.url()).not.toMatch(/[?&](org|user|token)=/);
    expect(tokenClaims(request).name).toBe("admin_acme_user_local_ada");
  }
  await expect(dashboard.widget("kpis").getByTestId("widget-freshness")).toHaveText(
    /^Query .+ ms · updated (just now|\d+ s ago)$/,
  );
});

test("Grace, an acme member, sees only her own numbers and no members table", async ({
  signInPage,
  dashboard,
  tinybird,
  page,
}) => {
  await signInPage.signInWithApi("user_local_grace", "acme");
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
  const own = await fixtureKpis(tinybird, "acme", ...SQL_RANGE, "user_local_grace");
  const everyone = await fixtureKpis(tinybird, "acme", ...SQL_RANGE);
  expect(own.requests).toBeLessThan(everyone.requests);
  await expect(dashboard.kpi("requests")).toHaveText(formatCount(own.requests));
  await expect(dashboard.kpi("errors")).toHaveText(`${formatCount(own.errors)} errors (4xx, 5xx)`);
  await expect(dashboard.kpi("bytes")).toHaveText(formatBytes(own.bytes));
  await expect(dashboard.widget("kpis").getByRole("heading", { name: "Your usage" })).toBeVisible();
  await expect(dashboard.kpi("active-members")).toHaveCount(0);
  await expect(dashboard.widget("members")).toHaveCount(0);
  const users = await page.getByTestId("recent-requests-table").locator("tbody tr").count();
  expect(users).toBeGreaterThan(0);
});

test("switching Grace from acme to globex shows globex's numbers and never, in any frame, acme's", async ({
  signInPage,
  dashboard,
  tinybird,
}) => {
  await dashboard.recordKpiRequests();
  await signInPage.signInWithApi("user_local_grace", "acme");
  const acme = formatCount((await fixtureKpis(tinybird, "acme", ...SQL_RANGE, "user_local_grace")).requests);
  const globex = formatCount((await fixtureKpis(tinybird, "globex", ...SQL_RANGE, "user_local_grace")).requests);
  expect(acme).not.toBe(globex);

  await dashboard.open(RANGE);
  await expect(dashboard.kpi("requests")).toHaveText(acme);
  const shownBefore = (await dashboard.kpiRequestsHistory()).length;
  await dashboard.switchOrg("globex");
  await expect(dashboard.kpi("requests")).toHaveText(globex);
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);

  const shownAfter = (await dashboard.kpiRequestsHistory()).slice(shownBefore);
  expect(shownAfter).toContain(globex);
  expect(shownAfter).not.toContain(acme);
});

test("Nora, who has no organization, is asked to choose one and no widget loads", async ({
  page,
  signInPage,
  dashboard,
}) => {
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_nora");
  await dashboard.open(RANGE);
  await expect(dashboard.chooseOrganization).toContainText("Choose an organization");
  await expect(dashboard.widgets).toHaveCount(0);
  expect(requests).toHaveLength(0);
});

it("a token Tinybird refuses mid-session is renewed once for all widgets, and every widget recovers", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 403/);
  await signInPage.signInWithApi("user_local_ada");
  // A slow device: the refusals arrive while the page is still hydrating (a renewal then must not restart it).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  // Tinybird refuses each widget's first request, as it does a token past its exp.
  const refused = new Set<string>();
  await page.route(`${tinybird.url}/v0/pipes/**`, async (route) => {
    const pipe = new URL(route.request().url()).pathname;
    if (refused.has(pipe)) return route.continue();
    refused.add(pipe);
    return route.fulfill({
      status: 403,
      headers: { "Access-Control-Allow-Origin": "*" },
      contentType: "application/json",
      body: JSON.stringify({ error: "invalid authentication token. Token has expired" }),
    });
  });
  const renewals: Request[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/tinybird-token") renewals.push(request);
  });

  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);
  expect(refused.size).toBe(WIDGETS.length);
  expect(renewals).toHaveLength(1);
  await expect(dashboard.kpi("requests")).toHaveText(
    formatCount((await fixtureKpis(tinybird, "acme", ...SQL_RANGE)).requests),
  );
});

test("polling pauses while the tab is hidden and resumes when it is shown", async ({ page, signInPage, dashboard }) => {
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_margaret");
  await dashboard.open({ range: "1h" });
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
  const livePolls = () => requests.filter((request) => request.url().includes("/live_requests.json")).length;
  await expect.poll(livePolls, { timeout: 12_000 }).toBeGreaterThan(1); // the live tile polls every 5 s

  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((visibility) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");
  const whileHidden = livePolls();
  await page.waitForTimeout(11_000);
  expect(livePolls()).toBe(whileHidden);

  await setVisibility("visible");
  await expect.poll(livePolls, { timeout: 12_000 }).toBeGreaterThan(whileHidden);
});

test("editing the URL to another org or user changes nothing", async ({ page, signInPage, dashboard, tinybird }) => {
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_grace", "acme");
  await dashboard.open({ ...RANGE, org: "globex", user: "user_local_linus" });
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
  await expect(dashboard.kpi("requests")).toHaveText(
    formatCount((await fixtureKpis(tinybird, "acme", ...SQL_RANGE, "user_local_grace")).requests),
  );
  await expect(page.getByTestId("url-problems")).toHaveCount(0);
  for (const request of requests) {
    expect(request.url()).not.toMatch(/[?&](org|user)=/);
    expect(tokenClaims(request).name).toBe("member_acme_user_local_grace");
  }
});

test("invalid URL params are named and replaced by defaults", async ({ page, signInPage, dashboard }) => {
  await signInPage.signInWithApi("user_local_margaret");
  await dashboard.open({ range: "2w", tz: "Mars/Olympus" });
  await expect(page.getByTestId("url-problems")).toContainText('range="2w" must be one of 1h, 24h, 7d, 30d, 90d');
  await expect(page.getByTestId("url-problems")).toContainText('tz="Mars/Olympus" is not an IANA timezone');
  await expect(page.getByTestId("range-24h")).toHaveAttribute("aria-pressed", "true");
  await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
});

it("a 429 says the widget is rate limited and retries after the wait", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 429/);
  await signInPage.signInWithApi("user_local_ada");
  let limited = false;
  await page.route(`${tinybird.url}/v0/pipes/usage_kpis.json**`, async (route) => {
    if (limited) return route.continue();
    limited = true;
    return route.fulfill({
      status: 429,
      headers: { "Access-Control-Allow-Origin": "*", "Retry-After": "2" },
      contentType: "application/json",
      body: JSON.stringify({ error: "Too many requests: retry after 2 seconds" }),
    });
  });
  await dashboard.open(RANGE);
  await expect(dashboard.widget("kpis").getByTestId("widget-rate-limited")).toHaveText(
    /Rate limited, retrying in [12] s/,
  );
  await expect(dashboard.widget("kpis")).toHaveAttribute("data-state", "ready", { timeout: 10_000 });
});

it("a widget that fails shows its own error with Retry; the rest of the dashboard works", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 400/);
  await signInPage.signInWithApi("user_local_ada");
  let failures = 0;
  await page.route(`${tinybird.url}/v0/pipes/top_routes.json**`, async (route) => {
    if (failures++ > 0) return route.continue();
    return route.fulfill({
      status: 400,
      headers: { "Access-Control-Allow-Origin": "*" },
      contentType: "application/json",
      body: JSON.stringify({ error: "[Error] Memory limit exceeded" }),
    });
  });
  // A response whose rows don't match the declared schema is an error naming the pipe, not a crash.
  await page.route(`${tinybird.url}/v0/pipes/status_codes.json**`, (route) =>
    route.fulfill({
      headers: { "Access-Control-Allow-Origin": "*" },
      contentType: "application/json",
      body: JSON.stringify({ data: [{ status: "OK" }] }),
    }),
  );
  await dashboard.open(RANGE);
  const topRoutes = dashboard.widget("top-routes");
  await expect(topRoutes).toHaveAttribute("data-state", "error");
  await expect(topRoutes.getByTestId("widget-error-message")).toHaveText(
    "Analytics couldn't run the query behind the top routes.",
  );
  await expect(dashboard.widget("status-codes").getByTestId("widget-error-message")).toHaveText(
    "Analytics sent data the status codes couldn't read.",
  );
  await expect(dashboard.widget("kpis")).toHaveAttribute("data-state", "ready");
  await topRoutes.getByTestId("widget-retry").click();
  await expect(topRoutes).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("top-routes-table").locator("tbody tr")).toHaveCount(10);
});

it("an organization with no data gets the ingestion snippet for its slug", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
}) => {
  await signInPage.signInWithApi("user_local_margaret");
  // Stand-in for a brand-new org: no requests in the range and none ever.
  await page.route(`${tinybird.url}/v0/pipes/usage_kpis.json**`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { data: Array<Record<string, unknown>> };
    body.data = body.data.map((row) => ({
      ...row,
      requests: 0,
      errors: 0,
      error_rate: 0,
      latency_p50: null,
      latency_p95: null,
      bytes: 0,
      active_members: 0,
    }));
    return route.fulfill({ response, json: body });
  });
  await page.route(`${tinybird.url}/v0/pipes/recent_requests.json**`, async (route) => {
    const response = await route.fetch();
    return route.fulfill({ response, json: { ...((await response.json()) as object), data: [], rows: 0 } });
  });
  await dashboard.open({ range: "24h" });
  const snippet = page.getByTestId("ingestion-snippet");
  await expect(snippet).toContainText('curl -X POST "$TINYBIRD_API_URL/v0/events?name=api_requests"');
  await expect(snippet).toContainText('"org":"initech"');
  await expect(snippet).toContainText("Bearer $APPEND_TOKEN");
  await expect(page.getByTestId("org-empty-state")).toContainText("No data for initech yet");
});

test("the controls put the whole view in the URL, by keyboard too", async ({
  page,
  signInPage,
  dashboard,
  tinybird,
}) => {
  const requests = pipeRequests(page);
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);

  await page.getByTestId("range-7d").focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\?range=7d&tz=UTC$/);
  await expect(page.getByTestId("range-7d")).toHaveAttribute("aria-pressed", "true");
  await dashboard.expectAllWidgetsReady(WIDGETS);

  // The timezone combobox by keyboard: type to search, Enter picks the first match.
  await page.getByTestId("timezone-combobox").focus();
  await page.keyboard.type("tokyo");
  await page.keyboard.press("Enter");
  await page.waitForURL(/tz=Asia%2FTokyo/);
  await expect(page.getByTestId("dashboard-timezone")).toHaveText("Asia/Tokyo");
  await dashboard.expectAllWidgetsReady(WIDGETS);
  expect(requests.some((request) => new URL(request.url()).searchParams.get("timezone") === "Asia/Tokyo")).toBe(true);

  await page.getByTestId("compare-toggle").check();
  await page.waitForURL(/compare=1/);
  await expect(dashboard.widget("requests-over-time")).toContainText("Previous period");

  await page.getByTestId("range-custom").click();
  await page.getByTestId("custom-from").fill("2026-11-10T00:00");
  await page.getByTestId("custom-to").fill("2026-11-12T00:00");
  await page.getByTestId("custom-apply").click();
  await page.waitForURL(/from=2026-11-10T00%3A00&to=2026-11-12T00%3A00&tz=Asia%2FTokyo&compare=1/);
  await dashboard.expectAllWidgetsReady(WIDGETS);
  const sql = await fixtureSql<{ requests: number }>(
    tinybird,
    `SELECT count() AS requests FROM api_requests WHERE org = 'acme'
       AND timestamp >= toDateTime64('2026-11-10 00:00:00', 3, 'Asia/Tokyo') AND timestamp < toDateTime64('2026-11-12 00:00:00', 3, 'Asia/Tokyo')`,
  );
  await expect(dashboard.kpi("requests")).toHaveText(formatCount(sql[0]!.requests));

  // The same link in a fresh page shows the same view.
  const link = page.url();
  const again = await page.context().newPage();
  await again.goto(link);
  await expect(again.getByTestId("kpi-requests")).toHaveText(formatCount(sql[0]!.requests));
  await again.close();
});

test("charts have a table alternative and every widget exports what it shows as CSV", async ({
  page,
  signInPage,
  dashboard,
}) => {
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);
  const chart = dashboard.widget("requests-over-time");
  await expect(chart.getByRole("img")).toHaveAttribute("aria-label", /Requests per hour by status class/);
  await chart.getByTestId("view-table").click();
  await expect(chart.getByRole("table").locator("tbody tr")).toHaveCount(7 * 24);

  const [download] = await Promise.all([page.waitForEvent("download"), chart.getByTestId("widget-export-csv").click()]);
  expect(download.suggestedFilename()).toBe("acme-requests_over_time-2026-11-01_000000-2026-11-08_000000.csv");
  const lines = (await streamText(await download.createReadStream())).trim().split("\r\n");
  expect(lines[0]).toBe("Bucket start,2xx,3xx,4xx,5xx");
  expect(lines).toHaveLength(1 + 7 * 24);
  expect(lines[1]).toMatch(/^2026-11-01 00:00:00,\d+,\d+,\d+,\d+$/);

  const [routes] = await Promise.all([
    page.waitForEvent("download"),
    dashboard.widget("top-routes").getByTestId("widget-export-csv").click(),
  ]);
  const routeLines = (await streamText(await routes.createReadStream())).trim().split("\r\n");
  expect(routeLines[0]).toBe("Method,Route,Requests,Errors,Error rate,p50,p95");
  expect(routeLines).toHaveLength(11);
});

test("dark mode and a phone-size viewport render without overlap", async ({
  page,
  signInPage,
  dashboard,
}, testInfo) => {
  await signInPage.signInWithApi("user_local_ada");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 375, height: 812 });
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);

  expect(await chartVariable(page, "--chart-2xx")).toBe("#3cc79b");
  expect(await backgroundLuminance(page)).toBeLessThan(0.1);

  await expectNoOverlap(page);
  await page.screenshot({ path: testInfo.outputPath("dashboard-dark-phone.png"), fullPage: true });

  // The toggle forces light over the OS preference, and the choice survives a reload.
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("[data-theme]")).toHaveAttribute("data-theme", "light");
  await page.reload();
  await expect(page.locator("[data-theme]")).toHaveAttribute("data-theme", "light");
  await dashboard.expectAllWidgetsReady(WIDGETS);
  expect(await chartVariable(page, "--chart-2xx")).toBe("#009e73");
  expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
  await expectNoOverlap(page);
  await page.screenshot({ path: testInfo.outputPath("dashboard-light-phone.png"), fullPage: true });
});

test("the developer token panel stays one tab away", async ({ page, signInPage, dashboard }) => {
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await dashboard.openDeveloperTab();
  await expect(dashboard.claimOrg).toHaveText("acme");
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(dashboard.widget("kpis")).toBeVisible();
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function chartVariable(page: Page, name: string): Promise<string> {
  return page
    .locator("[data-theme]")
    .evaluate((element, variable) => getComputedStyle(element).getPropertyValue(variable).trim(), name);
}

/** Relative luminance (0 black – 1 white) of the dashboard's background, whatever colour syntax CSS computed. */
function backgroundLuminance(page: Page): Promise<number> {
  return page.locator("[data-theme]").evaluate((element) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(element).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });
}

/** No horizontal scrolling, no two widgets on top of each other, no KPI value cut off. */
async function expectNoOverlap(page: Page): Promise<void> {
  const layout = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll("[data-widget]")].map((element) => {
      const box = element.getBoundingClientRect();
      return {
        id: element.getAttribute("data-widget"),
        left: box.left,
        right: box.right,
        top: box.top + window.scrollY,
        bottom: box.bottom + window.scrollY,
      };
    });
    const clipped = [...document.querySelectorAll('[data-testid^="kpi-"]')]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.getAttribute("data-testid"));
    return { boxes, clipped, scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth };
  });
  expect(layout.scrollWidth, "page scrolls sideways").toBeLessThanOrEqual(layout.width);
  expect(layout.clipped, "KPI values cut off").toEqual([]);
  for (const [index, a] of layout.boxes.entries()) {
    expect(a.right, `${a.id} sticks out`).toBeLessThanOrEqual(layout.width + 0.5);
    for (const b of layout.boxes.slice(index + 1)) {
      const overlap =
        a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
}
