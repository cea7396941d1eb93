import { expect, type Locator, type Page } from "@playwright/test";

/** Every widget the overview can show, by data-widget id. */
export const WIDGETS = [
  "kpis",
  "requests-over-time",
  "live",
  "latency",
  "status-codes",
  "top-routes",
  "regions",
  "members",
  "recent-requests",
] as const;

declare global {
  interface Window {
    __kpiRequests?: Array<string | null>;
  }
}

/** The signed-in area: header (org switcher, user menu, tabs), the token states every tab can show, the widgets. */
export class DashboardPage {
  readonly orgSwitcher: Locator;
  readonly userName: Locator;
  readonly chooseOrganization: Locator;
  readonly unavailable: Locator;
  readonly tokenPanel: Locator;
  readonly claimOrg: Locator;
  readonly claimUser: Locator;
  readonly claimName: Locator;
  readonly widgets: Locator;

  constructor(private readonly page: Page) {
    this.orgSwitcher = page.getByTestId("org-switcher");
    this.userName = page.getByTestId("user-name");
    this.chooseOrganization = page.getByTestId("token-state-no-org");
    this.unavailable = page.getByTestId("token-state-unavailable");
    this.tokenPanel = page.getByTestId("token-panel");
    this.claimOrg = page.getByTestId("token-claim-org");
    this.claimUser = page.getByTestId("token-claim-user");
    this.claimName = page.getByTestId("token-claim-name");
    this.widgets = page.locator("[data-widget]");
  }

  async openDeveloperTab(): Promise<void> {
    await this.page.getByRole("link", { name: "Developer" }).click();
    await this.page.waitForURL("**/dashboard/developer");
  }

  async switchOrg(slug: string): Promise<void> {
    await this.orgSwitcher.selectOption(slug);
    await expect(this.orgSwitcher).toHaveValue(slug);
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId("sign-out").click();
    await this.page.waitForURL((url) => url.pathname === "/");
  }

  /** The overview with URL state, e.g. {from, to, tz}. */
  async open(query: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(query).toString();
    await this.page.goto(`/dashboard${search ? `?${search}` : ""}`);
  }

  widget(id: string): Locator {
    return this.page.locator(`[data-widget="${id}"]`);
  }

  kpi(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}`);
  }

  /** A time chart's x-axis tick labels, left to right. */
  async timeAxisLabels(id: "requests-over-time" | "latency"): Promise<string[]> {
    const ticks = this.widget(id).locator('text.recharts-cartesian-axis-tick-value[orientation="bottom"]');
    await expect(ticks.first()).toBeVisible();
    return ticks.allTextContents();
  }

  /** The series a time chart draws for its partial buckets (lighter, dashed). */
  partialBuckets(id: "requests-over-time" | "latency"): Locator {
    return this.widget(id).locator(".partial-bucket :is(.recharts-area-curve, .recharts-line-curve)[d]");
  }

  /** Expects exactly these widgets, each ready (not loading, not an error) with its chart drawn. */
  async expectAllWidgetsReady(expected: readonly string[]): Promise<void> {
    await expect(this.widgets).toHaveCount(expected.length);
    for (const id of expected)
      await expect(this.widget(id)).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
    for (const chart of await this.page.locator("[data-chart]").all())
      await expect(chart.locator("svg path").first()).toBeAttached();
  }

  /**
   * Records every text the requests KPI shows, in order, from before the page's scripts run: a MutationObserver
   * fires before the browser paints, so a value that is ever rendered, even for a frame, is recorded.
   */
  async recordKpiRequests(): Promise<void> {
    await this.page.addInitScript(() => {
      window.__kpiRequests = [];
      const record = () => {
        const shown = document.querySelector('[data-testid="kpi-requests"]')?.textContent ?? null;
        if (window.__kpiRequests!.at(-1) !== shown) window.__kpiRequests!.push(shown);
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
    });
  }

  async kpiRequestsHistory(): Promise<Array<string | null>> {
    return this.page.evaluate(() => window.__kpiRequests ?? []);
  }
}
