// The controls people expect, in both themes and on a 390 px phone: a searchable timezone combobox of canonical IANA
// names, status codes by class with 5xx in view, a log/linear latency axis, themed native controls, a header that
// fits, and routes on one line with their full text in a tooltip.
import type { Locator, Page } from "@playwright/test";
import { WIDGETS } from "./support/dashboard-page";
import { DashboardHeader, expectOneLine } from "./support/dashboard-header";
import { expect, test } from "./support/e2e-test";
import { fixtureSql } from "./support/fixture-sql";
import { TimezonePicker } from "./support/timezone-picker";
import { useView, VIEWS } from "./support/views";
import { formatCount } from "@/lib/dashboard/format";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };
const LONG_ROUTE = "/v1/organizations/:org/projects/:project/deployments/:deployment/logs";
const SQL_RANGE = "timestamp >= '2026-11-01 00:00:00' AND timestamp < '2026-11-08 00:00:00'";

// ICU still calls this zone by its legacy name; the dashboard must not.
test.use({ failOnConsoleErrors: true, timezoneId: "Asia/Calcutta" });

// Without the server's first results: page.route rewrites rows in the browser, which a seeded widget never asks.
const clientOnly = test.extend({
  appEnv: [async ({}, provide) => provide({ DASHBOARD_PREFETCH_MS: "0" }), { scope: "worker" }],
});

/** Relative luminance (0 black – 1 white) of a CSS colour property of an element. */
function luminance(element: Locator, property: "backgroundColor" | "color"): Promise<number> {
  return element.evaluate((node, name) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(node)[name];
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = [...context.getImageData(0, 0, 1, 1).data].map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  }, property);
}

function yTicks(page: Page): Promise<string[]> {
  return page
    .getByTestId("widget-latency")
    .locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
    .allTextContents();
}

async function expectThemed(page: Page, theme: "light" | "dark"): Promise<void> {
  const switcher = page.getByTestId("org-switcher");
  if (theme === "dark") {
    expect(await luminance(switcher, "backgroundColor")).toBeLessThan(0.1);
    expect(await luminance(switcher, "color")).toBeGreaterThan(0.7);
  } else {
    expect(await luminance(switcher, "backgroundColor")).toBeGreaterThan(0.9);
    expect(await luminance(switcher, "color")).toBeLessThan(0.1);
  }
  // Native controls (the select's list, checkboxes, date pickers, the combobox) draw in the theme's colour scheme.
  for (const control of [switcher, page.getByTestId("compare-toggle"), page.getByTestId("timezone-combobox")]) {
    expect(await control.evaluate((node) => getComputedStyle(node).colorScheme)).toBe(theme);
  }
}

for (const view of VIEWS) {
  test.describe(view.name, () => {
    test.beforeEach(async ({ page, context, baseURL, signInPage, dashboard }) => {
      await useView(page, context, baseURL!, view);
      await signInPage.signInWithApi("user_local_ada");
      await dashboard.open(RANGE);
      await dashboard.expectAllWidgetsReady(WIDGETS);
    });

    test("the timezone combobox lists canonical names, current zone first, and finds a zone by its old name", async ({
      page,
      dashboard,
    }) => {
      const picker = new TimezonePicker(page);
      await picker.open();
      const zones = await picker.zones();
      expect(zones.slice(0, 2)).toEqual(["UTC", "Asia/Kolkata"]);
      await expect(picker.options.nth(1)).toContainText("browser");
      expect(zones.length).toBeGreaterThan(400);
      expect(zones).toContain("Europe/Kyiv");
      for (const legacy of ["Asia/Calcutta", "Europe/Kiev", "Asia/Saigon", "America/Buenos_Aires"])
        expect(zones).not.toContain(legacy);
      await page.keyboard.press("Escape");
      await expect(picker.options).toHaveCount(0);

      await picker.choose("calcutta", "Asia/Kolkata");
      await dashboard.expectAllWidgetsReady(WIDGETS);
      await picker.open();
      expect((await picker.zones())[0]).toBe("Asia/Kolkata");
      await picker.input.fill("new york");
      expect(await picker.zones()).toEqual(["America/New_York"]);
      await picker.input.fill("xyzzy");
      await expect(picker.noMatch).toBeVisible();
      await page.keyboard.press("Escape");

      // A link with the legacy name shows the current one.
      await dashboard.open({ ...RANGE, tz: "Asia/Calcutta" });
      await expect(picker.shown).toHaveText("Asia/Kolkata");
      await expect(picker.input).toHaveValue("Asia/Kolkata");
    });

    test("status codes come by class with the 5xx total always in view; latency switches between log and linear", async ({
      page,
      dashboard,
      tinybird,
    }) => {
      const [sql] = await fixtureSql<{ c2: number; c4: number; c5: number }>(
        tinybird,
        `SELECT countIf(status < 300) AS c2, countIf(status >= 400 AND status < 500) AS c4, countIf(status >= 500) AS c5
           FROM api_requests WHERE org = 'acme' AND ${SQL_RANGE}`,
      );
      const card = dashboard.widget("status-codes");
      const fiveHundreds = card.getByTestId("status-class-5xx");
      await fiveHundreds.scrollIntoViewIfNeeded();
      await expect(fiveHundreds).toBeInViewport();
      await expect(fiveHundreds.getByTestId("status-class-requests")).toHaveText(formatCount(Number(sql!.c5)));
      await expect(card.getByTestId("status-class-4xx").getByTestId("status-class-requests")).toHaveText(
        formatCount(Number(sql!.c4)),
      );
      await expect(card.getByTestId("status-class-2xx").getByTestId("status-class-requests")).toHaveText(
        formatCount(Number(sql!.c2)),
      );
      await expect(card.getByTestId("status-class-group").first()).toHaveAttribute("data-class", "5xx");
      await expect(card.getByTestId("status-class-group").first()).toBeInViewport();

      const chart = dashboard.widget("latency").getByRole("img");
      await expect(chart).toHaveAttribute("data-scale", "log");
      await expect(chart).toHaveAttribute("aria-label", /log scale$/);
      const logTicks = await yTicks(page);
      // 1-2-5 steps over decades: every tick is 1, 2 or 5 times a power of ten.
      expect(logTicks.length).toBeGreaterThan(2);
      for (const tick of logTicks) expect(tick).toMatch(/^(1|2|5)0*ms$|^(1|2|5|10|20|50)s$/);
      await page.getByTestId("latency-scale-linear").click();
      await expect(chart).toHaveAttribute("data-scale", "linear");
      await expect(page.getByTestId("latency-scale-linear")).toHaveAttribute("aria-pressed", "true");
      await expect.poll(() => yTicks(page)).not.toEqual(logTicks);
      await page.getByTestId("latency-scale-log").click();
      await expect(chart).toHaveAttribute("data-scale", "log");
    });

    clientOnly(
      "the header fits, every control follows the theme (the toggle flips them), and routes stay on one line with a tooltip",
      async ({ page, dashboard, tinybird }) => {
        const header = new DashboardHeader(page);
        await header.expectFits(view.width);
        await expectOneLine(header.signOut, view.width);
        await expectThemed(page, view.theme);
        const other = view.theme === "dark" ? "light" : "dark";
        await header.useTheme(other);
        await expectThemed(page, other);
        await header.useTheme(view.theme);

        // The fixture's routes are short: give each table's first row one as long as real APIs have.
        for (const pipe of ["top_routes", "recent_requests"]) {
          await page.route(`${tinybird.url}/v0/pipes/${pipe}.json**`, async (route) => {
            const response = await route.fetch();
            const body = (await response.json()) as { data: Array<{ route: string }> };
            body.data[0]!.route = LONG_ROUTE;
            return route.fulfill({ response, json: body });
          });
        }
        await page.reload();
        await dashboard.expectAllWidgetsReady(WIDGETS);
        for (const table of ["top-routes-table", "recent-requests-table"]) {
          await expect(page.getByTestId(table).getByTestId("route-cell").first()).toHaveAttribute(
            "title",
            new RegExp(`^[A-Z]+ ${LONG_ROUTE}$`),
          );
          const cells = page.getByTestId(table).getByTestId("route-cell");
          expect(await cells.count()).toBeGreaterThan(0);
          let truncated = 0;
          for (const cell of await cells.all()) {
            const text = (await cell.textContent())!.replace(/\s+/g, " ").trim();
            await expect(cell).toHaveAttribute("title", text);
            await expectOneLine(cell, Number.POSITIVE_INFINITY);
            if (await cell.evaluate((node) => node.scrollWidth > node.clientWidth)) truncated += 1;
          }
          // On a phone the long routes are cut (with the tooltip) rather than broken across lines.
          if (view.width < 640) expect(truncated).toBeGreaterThan(0);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(view.width);
      },
    );
  });
}
