import type { BrowserContext, Page } from "@playwright/test";
import { THEME_COOKIE } from "@/lib/dashboard/theme";

/** The two ways the trust specs look at every screen: light on a laptop, dark on a 390 px phone. */
export const VIEWS = [
  { name: "light, desktop", theme: "light", width: 1280, height: 900 },
  { name: "dark, 390 px phone", theme: "dark", width: 390, height: 844 },
] as const;

export type View = (typeof VIEWS)[number];

/** Applies a view before the page loads: the theme through its cookie (as the toggle leaves it), the viewport size. */
export async function useView(page: Page, context: BrowserContext, baseURL: string, view: View): Promise<void> {
  await context.addCookies([{ name: THEME_COOKIE, value: view.theme, url: baseURL }]);
  await page.setViewportSize({ width: view.width, height: view.height });
}
