import { expect, type Locator, type Page } from "@playwright/test";

/** The header's top row: brand, theme toggle, org switcher and user menu. */
export class DashboardHeader {
  readonly row: Locator;
  readonly themeToggle: Locator;
  readonly orgSwitcher: Locator;
  readonly noOrganization: Locator;
  readonly signOut: Locator;

  constructor(private readonly page: Page) {
    this.row = page.getByTestId("dashboard-header");
    this.themeToggle = page.getByTestId("theme-toggle");
    this.orgSwitcher = page.getByTestId("org-switcher");
    this.noOrganization = page.getByTestId("org-switcher-empty");
    this.signOut = page.getByTestId("sign-out");
  }

  /** Clicks the toggle until the dashboard is in `theme`. */
  async useTheme(theme: "light" | "dark"): Promise<void> {
    const wrapper = this.page.locator("[data-theme]");
    for (let i = 0; i < 3 && (await wrapper.getAttribute("data-theme")) !== theme; i += 1) {
      await this.themeToggle.click();
    }
    await expect(wrapper).toHaveAttribute("data-theme", theme);
  }

  /** Nothing in the page is wider than the viewport, no header control wraps its own text or touches another. */
  async expectFits(width: number): Promise<void> {
    expect(await this.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const box = await this.row.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    const controls = await this.row.locator("a, button, select, [data-testid=user-name]").all();
    const boxes = [];
    for (const control of controls) {
      await expectOneLine(control, width);
      if (await control.isVisible())
        boxes.push({ box: (await control.boundingBox())!, text: await control.innerText() });
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart =
          a.box.x + a.box.width <= b.box.x ||
          b.box.x + b.box.width <= a.box.x ||
          a.box.y + a.box.height <= b.box.y ||
          b.box.y + b.box.height <= a.box.y;
        expect(apart, `"${a.text}" and "${b.text}" overlap`).toBe(true);
      }
    }
  }
}

/** The element's text sits on one line (its text boxes span less than two line heights) inside the viewport. */
export async function expectOneLine(element: Locator, width: number): Promise<void> {
  const { right, extent, lineHeight, text } = await element.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((rect) => rect.width > 1 && rect.height > 1);
    const style = getComputedStyle(node);
    return {
      right: node.getBoundingClientRect().right,
      extent: rects.length ? Math.max(...rects.map((r) => r.bottom)) - Math.min(...rects.map((r) => r.top)) : 0,
      lineHeight: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5,
      text: (node as HTMLElement).innerText,
    };
  });
  expect(right, `"${text}" ends inside the viewport`).toBeLessThanOrEqual(width);
  expect(extent, `"${text}" is on one line`).toBeLessThan(lineHeight * 1.8);
}
