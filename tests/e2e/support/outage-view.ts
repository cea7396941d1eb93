import { expect, type Locator, type Page } from "@playwright/test";

/** The outage as the overview tells it (banner, calm or red widget errors, stale widgets) and the Developer tab's log. */
export class OutageView {
  readonly banner: Locator;
  readonly liveDot: Locator;
  readonly failures: Locator;
  readonly noFailures: Locator;

  constructor(private readonly page: Page) {
    this.banner = page.getByTestId("outage-banner");
    this.liveDot = page.getByTestId("live-dot");
    this.failures = page.getByTestId("pipe-failure");
    this.noFailures = page.getByTestId("pipe-failures-none");
  }

  failure(pipe: string): Locator {
    return this.page.locator(`[data-testid="pipe-failure"][data-pipe="${pipe}"]`);
  }

  /** A widget that still shows its last data, dimmed, with when that data is from. */
  async expectStale(widget: Locator, fetchedAt: RegExp = /as of \d{2}:\d{2}/): Promise<void> {
    await expect(widget).toHaveAttribute("data-stale", "true", { timeout: 20_000 });
    await expect(widget.getByTestId("widget-stale")).toContainText(fetchedAt);
    const opacity = await widget
      .locator("> div")
      .first()
      .evaluate((element) => getComputedStyle(element).opacity);
    expect(Number(opacity)).toBeLessThan(0.75);
  }
}
