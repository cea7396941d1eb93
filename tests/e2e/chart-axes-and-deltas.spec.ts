// What the time charts and KPI deltas say, on screen: tick labels follow the range's span (times for a day, weekday
// and date for a week, in the chosen timezone), a near-empty previous period reads "new" instead of a huge
// percentage, and the bucket still filling up is drawn as partial, not as a drop.
import { relativeDelta } from "@/lib/dashboard/kpi-delta";
import { expect, test } from "./support/e2e-test";
import { fixtureKpis } from "./support/fixture-sql";

// Its own worker, so its own Tinybird server: the requests this file posts "now" never reach other specs' data.
test.use({ appEnv: { TINYBIRD_JWT_TTL_SECONDS: "300" }, failOnConsoleErrors: true });

const READY = { timeout: 20_000 };
const TIME = /^\d{2}:\d{2}$/;
const DATE = /^[A-Z][a-z]{2} \d{1,2}$/;
const DAY = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(, [A-Z][a-z]{2})? \d{1,2}$/;

test.beforeEach(async ({ signInPage }) => {
  await signInPage.signInWithApi("user_local_ada");
});

test("a day's axis reads whole hours with the date at midnight; a week's reads days, never times", async ({
  dashboard,
}) => {
  await dashboard.open({ from: "2026-11-10T12:00", to: "2026-11-11T12:00", tz: "UTC" });
  for (const chart of ["requests-over-time", "latency"] as const) {
    await expect(dashboard.widget(chart)).toHaveAttribute("data-state", "ready", READY);
    const day = await dashboard.timeAxisLabels(chart);
    expect(day).toContain("Nov 11");
    expect(day.filter((label) => label !== "Nov 11").every((label) => TIME.test(label) && label.endsWith(":00"))).toBe(
      true,
    );
    expect(new Set(day).size).toBe(day.length);
  }

  // A week in Kathmandu (+05:45): ticks on its own midnights, each a different day.
  await dashboard.open({ from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "Asia/Kathmandu" });
  for (const chart of ["requests-over-time", "latency"] as const) {
    await expect(dashboard.widget(chart)).toHaveAttribute("data-state", "ready", READY);
    const week = await dashboard.timeAxisLabels(chart);
    expect(week.length).toBeGreaterThanOrEqual(3);
    for (const label of week) expect(label).toMatch(DAY);
    expect(new Set(week).size).toBe(week.length);
    expect(week[0]).toMatch(/^Sun(, Nov)? 1$/);
  }
  // A closed range on whole days has no partial bucket.
  await expect(dashboard.partialBuckets("requests-over-time")).toHaveCount(0);
});

test("a previous period with next to no requests reads 'new'; a populated one gives the percentage", async ({
  dashboard,
  tinybird,
}) => {
  // The fixture starts on 2026-05-24: the two weeks before May 25–June 8 hold only that Sunday.
  const current = await fixtureKpis(tinybird, "acme", "2026-05-25 00:00:00", "2026-06-08 00:00:00");
  const previous = await fixtureKpis(tinybird, "acme", "2026-05-11 00:00:00", "2026-05-25 00:00:00");
  expect(previous.requests).toBeGreaterThan(0);
  expect(previous.requests).toBeLessThan(current.requests * 0.1);
  await dashboard.open({ from: "2026-05-25T00:00", to: "2026-06-08T00:00", tz: "UTC" });
  await expect(dashboard.widget("kpis")).toHaveAttribute("data-state", "ready", READY);
  await expect(dashboard.kpi("requests")).toHaveText(current.requests.toLocaleString("en-US"));
  for (const kpi of ["requests", "error-rate", "latency-p50", "bytes"]) {
    await expect(dashboard.kpi(`${kpi}-delta`)).toContainText("new");
    await expect(dashboard.kpi(`${kpi}-delta`)).not.toContainText(/[+\u2212]\d/);
  }

  const week = await fixtureKpis(tinybird, "acme", "2026-11-01 00:00:00", "2026-11-08 00:00:00");
  const weekBefore = await fixtureKpis(tinybird, "acme", "2026-10-25 00:00:00", "2026-11-01 00:00:00");
  await dashboard.open({ from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" });
  await expect(dashboard.kpi("requests-delta")).toContainText(
    relativeDelta(week.requests, weekBefore.requests, "neutral")!.text,
  );
  await expect(dashboard.kpi("requests-delta")).toContainText(/^[▲▼]\s*[+\u2212]\d{1,3}(\.\d)?%/);
});

test("the bucket still filling up is drawn as partial at the chart's right end", async ({ dashboard, tinybird }) => {
  // Requests over the last three hours, the newest a second ago, for the last-24-hours view (15-minute buckets). The
  // bucket still filling up must hold one, or latency has no point there to draw: so not in its last half minute.
  const BUCKET_MS = 15 * 60_000;
  const untilNextBucket = BUCKET_MS - (Date.now() % BUCKET_MS);
  if (untilNextBucket < 30_000) await new Promise((resolve) => setTimeout(resolve, untilNextBucket + 1_000));
  const now = Date.now();
  const rows = Array.from({ length: 90 }, (_, i) => ({
    timestamp: new Date(now - 1_000 - i * 2 * 60_000).toISOString(),
    org: "acme",
    user: "user_local_ada",
    request_id: `req_partial_${i}`,
    method: "GET",
    route: "/v1/users",
    status: 200,
    latency_ms: 40 + i,
    bytes: 1000,
    region: "us-east-1",
    client: "browser",
  }));
  const posted = await fetch(`${tinybird.url}/v0/events?name=api_requests&wait=true`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tinybird.adminToken}` },
    body: rows.map((row) => JSON.stringify(row)).join("\n"),
  });
  expect(posted.status).toBe(200);

  await dashboard.open({ range: "24h", tz: "UTC" });
  for (const chart of ["requests-over-time", "latency"] as const) {
    await expect(dashboard.widget(chart)).toHaveAttribute("data-state", "ready", READY);
    const partial = dashboard.partialBuckets(chart).first();
    await expect(partial).toBeVisible();
    await expect(partial).toHaveAttribute("stroke-dasharray", "3 3");
    // Its last piece is the chart's last bucket: a short segment ending at the plot's right edge.
    const grid = await dashboard
      .widget(chart)
      .locator(".recharts-cartesian-grid")
      .evaluate((element) => {
        const box = (element as SVGGraphicsElement).getBBox();
        return { left: box.x, right: box.x + box.width };
      });
    const xs = await partial.evaluate((path) => {
      const last = path.getAttribute("d")!.split("M").at(-1)!;
      return [...last.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((match) => Number(match[1]));
    });
    expect(Math.max(...xs)).toBeCloseTo(grid.right, 0);
    expect(Math.min(...xs)).toBeGreaterThan(grid.right - (grid.right - grid.left) / 20);
    const labels = await dashboard.timeAxisLabels(chart);
    for (const label of labels) expect(label).toMatch(new RegExp(`${TIME.source}|${DATE.source}`));
  }
});
