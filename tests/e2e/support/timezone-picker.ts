import { expect, type Locator, type Page } from "@playwright/test";

/** The searchable timezone combobox in the dashboard controls. */
export class TimezonePicker {
  readonly input: Locator;
  readonly options: Locator;
  readonly noMatch: Locator;
  readonly shown: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByTestId("timezone-combobox");
    this.options = page.getByTestId("timezone-option");
    this.noMatch = page.getByTestId("timezone-no-match");
    this.shown = page.getByTestId("dashboard-timezone");
  }

  async open(): Promise<void> {
    await this.input.click();
    await expect(this.input).toHaveAttribute("aria-expanded", "true");
  }

  async search(query: string): Promise<void> {
    await this.open();
    await this.input.fill(query);
  }

  /** The zone names listed, in order. */
  async zones(): Promise<string[]> {
    return this.options.evaluateAll((options) => options.map((option) => option.getAttribute("data-zone") ?? ""));
  }

  /** Types `query`, picks the first match with the keyboard and waits for the URL to carry the zone. */
  async choose(query: string, zone: string): Promise<void> {
    await this.search(query);
    await expect(this.options.first()).toHaveAttribute("data-zone", zone);
    await this.input.press("Enter");
    await this.page.waitForURL(new RegExp(`tz=${encodeURIComponent(zone)}`));
    await expect(this.shown).toHaveText(zone);
  }
}
