// Which Chromium browser tests launch: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set; else Playwright's own browser when
// `npx playwright install chromium` put one on this machine; else a system Chromium (Debian's /usr/bin/chromium).
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Headless, and off the network: without the last three flags Chromium keeps calling Google's services.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];

/** undefined means Playwright's own browser (and, when that is missing too, Playwright's "run npx playwright install"). */
export function chromiumExecutable(): string | undefined {
  const configured = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (configured) return configured;
  if (existsSync(chromium.executablePath())) return undefined;
  return SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
}
