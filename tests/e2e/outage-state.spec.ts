// Tinybird down under an open and a freshly loaded dashboard: one banner for the page instead of nine red boxes,
// widgets that say what they can't show (never a pipe), stale ones dimmed with their time, a grey Live dot, and the
// pipe, status and Tinybird's message in the Developer tab. Faults come from tests/support/fault-proxy.ts.
import { WIDGETS } from "./support/dashboard-page";
import { expect, test as base } from "./support/fault-proxy-test";
import { OutageView } from "./support/outage-view";
import { useView, VIEWS } from "./support/views";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };

// What each widget is called in its messages.
const SUBJECTS: Record<(typeof WIDGETS)[number], string> = {
  kpis: "usage numbers",
  "requests-over-time": "requests chart",
  live: "live tile",
  latency: "latency chart",
  "status-codes": "status codes",
  "top-routes": "top routes",
  regions: "regions",
  members: "members table",
  "recent-requests": "recent requests",
};

const test = base.extend<{ outage: OutageView }>({
  outage: async ({ page }, provide) => provide(new OutageView(page)),
});

// Without the server's first results: page.route fails a pipe in the browser, which a seeded widget never asks.
const clientOnly = test.extend({
  appEnv: [async ({ appEnv }, provide) => provide({ ...appEnv, DASHBOARD_PREFETCH_MS: "0" }), { scope: "worker" }],
});

test.use({ failOnConsoleErrors: true });

test.beforeEach(async ({ faultProxy }) => faultProxy.set({ kind: "none" }));

for (const view of VIEWS) {
  test(`${view.name}: Tinybird down is one "Reconnecting" banner, stale widgets with their time, a grey Live dot, and the pipes in the Developer tab`, async ({
    page,
    context,
    baseURL,
    signInPage,
    dashboard,
    faultProxy,
    outage,
    consoleErrors,
  }) => {
    test.setTimeout(150_000);
    consoleErrors.allow(/ERR_CONNECTION_REFUSED/);
    await useView(page, context, baseURL!, view);
    await signInPage.signInWithApi("user_local_ada");
    await dashboard.open(RANGE);
    await dashboard.expectAllWidgetsReady(WIDGETS);
    await expect(page.locator("[data-theme]")).toHaveAttribute("data-theme", view.theme);
    await expect(outage.liveDot).toHaveAttribute("data-live", "true");
    await expect(outage.banner).toHaveCount(0);

    // An open page: the live tile and the tail poll every 5 s, fail, and keep their last rows, dimmed.
    await faultProxy.set({ kind: "down" });
    await expect(outage.banner).toHaveText(/^Reconnecting to analytics…/, { timeout: 20_000 });
    await outage.expectStale(dashboard.widget("live"));
    await outage.expectStale(dashboard.widget("recent-requests"));
    await expect(outage.liveDot).toHaveAttribute("data-live", "false");
    await expect(dashboard.widget("live").getByTestId("live-requests")).toBeVisible();
    // The fixed past range doesn't poll: those widgets are as fresh as they were.
    await expect(dashboard.widget("kpis")).not.toHaveAttribute("data-stale", "true");
    await expect(page.getByTestId("dashboard-overview").getByRole("alert")).toHaveCount(0);

    // The developer's side, one tab away in the same session.
    await dashboard.openDeveloperTab();
    await expect(outage.failure("live_requests").getByTestId("pipe-failure-status")).toHaveText("no response");
    await expect(outage.failure("live_requests").getByTestId("pipe-failure-message")).toHaveText(
      "Couldn't reach Tinybird for live_requests",
    );
    await expect(outage.failure("recent_requests")).toBeVisible();

    // A fresh load during the outage: the page renders, the banner says it once, each widget says what it can't show.
    expect((await page.goto(`/dashboard?${new URLSearchParams(RANGE)}`))?.status()).toBe(200);
    await expect(outage.banner).toBeVisible({ timeout: 20_000 });
    await expect(outage.banner).toHaveCount(1);
    for (const id of WIDGETS) {
      const widget = dashboard.widget(id);
      await expect(widget).toHaveAttribute("data-state", "error", { timeout: 20_000 });
      await expect(widget.getByTestId("widget-error")).toHaveAttribute("data-outage");
      await expect(widget.getByTestId("widget-error-message")).toHaveText(
        `Couldn't reach analytics for the ${SUBJECTS[id]}.`,
      );
    }
    await expect(page.getByTestId("dashboard-overview")).not.toContainText(/Tinybird|usage_kpis|_requests|_routes/);
    await expect(page.getByTestId("dashboard-overview").getByRole("alert")).toHaveCount(0);
    await expect(outage.liveDot).toHaveAttribute("data-live", "false");

    // Back: every widget recovers on its own, the banner goes, the dot is green again.
    await faultProxy.set({ kind: "none" });
    for (const id of WIDGETS)
      await expect(dashboard.widget(id)).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
    await expect(outage.banner).toHaveCount(0);
    await expect(outage.liveDot).toHaveAttribute("data-live", "true", { timeout: 10_000 });
  });

  clientOnly(
    `${view.name}: one widget failing on its own is its own red box in the user's terms, with the details in the Developer tab`,
    async ({ page, context, baseURL, signInPage, dashboard, faultProxy, outage, consoleErrors }) => {
      consoleErrors.allow(/status of 400/);
      await useView(page, context, baseURL!, view);
      await signInPage.signInWithApi("user_local_ada");
      await page.route(`${faultProxy.url}/v0/pipes/top_routes.json**`, (route) =>
        route.fulfill({
          status: 400,
          headers: { "Access-Control-Allow-Origin": "*" },
          contentType: "application/json",
          body: JSON.stringify({ error: "[Error] Memory limit exceeded" }),
        }),
      );
      await dashboard.open(RANGE);
      const topRoutes = dashboard.widget("top-routes");
      await expect(topRoutes).toHaveAttribute("data-state", "error");
      const error = topRoutes.getByRole("alert");
      await expect(error).toContainText("Couldn't load the top routes");
      await expect(error.getByTestId("widget-error-message")).toHaveText(
        "Analytics couldn't run the query behind the top routes.",
      );
      await expect(error).not.toContainText(/top_routes|400|Memory/);
      await expect(dashboard.widget("kpis")).toHaveAttribute("data-state", "ready");
      await expect(outage.banner).toHaveCount(0);

      await error.getByRole("link", { name: "Details in the Developer tab" }).click();
      await page.waitForURL("**/dashboard/developer");
      await expect(outage.failures).toHaveCount(1);
      await expect(outage.failure("top_routes").getByTestId("pipe-failure-status")).toHaveText("400");
      await expect(outage.failure("top_routes").getByTestId("pipe-failure-message")).toHaveText(
        "top_routes answered 400: [Error] Memory limit exceeded",
      );
    },
  );
}
