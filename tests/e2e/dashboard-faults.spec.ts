// The local Tinybird server down, slow or answering 500 under a signed-in dashboard (the browser reaches it through
// a fault proxy): one banner for the page, every widget says in the user's terms what it can't show, with Retry, the
// app keeps serving pages, and the widgets come back on their own when the server does, without a reload.
import type { Fault } from "@/tests/support/fault-proxy";
import { WIDGETS } from "./support/dashboard-page";
import { expect, test } from "./support/fault-proxy-test";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };

test.use({ failOnConsoleErrors: true });

test.beforeEach(async ({ signInPage, dashboard, faultProxy }) => {
  await faultProxy.set({ kind: "none" });
  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open(RANGE);
  await dashboard.expectAllWidgetsReady(WIDGETS);
});

const faults: Array<{ label: string; fault: Fault; message: RegExp; console: RegExp }> = [
  {
    label: "down",
    fault: { kind: "down" },
    message: /^Couldn't reach analytics for the [a-z ]+\.$/,
    console: /ERR_CONNECTION_REFUSED/,
  },
  {
    label: "answering 500",
    fault: { kind: "error", status: 500 },
    message: /^Analytics had a problem loading the [a-z ]+\.$/,
    console: /status of 500/,
  },
  // Longer than the browser's 10 s request timeout.
  {
    label: "slow",
    fault: { kind: "slow", delayMs: 15_000 },
    message: /^Analytics took too long to answer for the [a-z ]+\.$/,
    console: /(?!)/,
  },
];

for (const { label, fault, message, console } of faults) {
  test(`Tinybird ${label}: one banner, each widget says what it can't show with Retry, pages still render, and widgets recover on their own`, async ({
    page,
    dashboard,
    faultProxy,
    consoleErrors,
  }) => {
    test.setTimeout(90_000);
    consoleErrors.allow(console);
    await faultProxy.set(fault);

    // A full page load during the outage: the server renders the dashboard (its token needs no Tinybird round trip).
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    await expect(dashboard.userName).toBeVisible();
    await expect(page.getByTestId("outage-banner")).toHaveText(/^Reconnecting to analytics…/, { timeout: 20_000 });
    for (const id of WIDGETS) {
      const widget = dashboard.widget(id);
      await expect(widget).toHaveAttribute("data-state", "error", { timeout: 20_000 });
      await expect(widget.getByTestId("widget-error-message")).toHaveText(message);
      await expect(widget.getByTestId("widget-retry")).toBeVisible();
    }

    const hitsBeforeRecovery = faultProxy.hits();
    await faultProxy.set({ kind: "none" });
    for (const id of WIDGETS)
      await expect(dashboard.widget(id)).toHaveAttribute("data-state", "ready", { timeout: 40_000 });
    expect(faultProxy.hits()).toBeGreaterThan(hitsBeforeRecovery);
    expect(page.url()).toContain("/dashboard?");
  });
}
