// The e2e `test`: one Tinybird server and one `next start` (local build) per worker, started before the first test
// that needs them. Specs import { test, expect } from here; later suites add fixtures (seeded data, …) alongside.
import { test as base, expect, type ConsoleMessage } from "@playwright/test";
import { startNextServer, type NextServer } from "../../support/next-server";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";
import { DashboardPage } from "./dashboard-page";
import { SignInPage } from "./sign-in-page";

interface WorkerFixtures {
  tinybird: LocalServerProcess;
  app: NextServer;
  /** Extra environment for the app server (a worker option: specs that change it get their own servers). */
  appEnv: Record<string, string>;
}

/** Console errors and uncaught exceptions seen in the page; `allow` expected ones (e.g. a 403 a test provokes). */
export class ConsoleErrors {
  readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];

  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  unexpected(): string[] {
    return this.seen.filter((text) => !this.allowed.some((pattern) => pattern.test(text)));
  }
}

/**
 * Content-Security-Policy violations on every page a test visits: the `securitypolicyviolation` events each document
 * fires and Chromium's "Refused to …" console lines. Every test fails on one it didn't `take()`.
 */
export class CspViolations {
  private seen: string[] = [];

  add(violation: string): void {
    this.seen.push(violation);
  }

  /** The violations so far, for a test that provokes them; they no longer fail it. */
  take(): string[] {
    const taken = this.seen;
    this.seen = [];
    return taken;
  }
}

interface TestFixtures {
  signInPage: SignInPage;
  dashboard: DashboardPage;
  /** When true, the test fails if the page logged a console error or threw, except what it allowed. */
  failOnConsoleErrors: boolean;
  consoleErrors: ConsoleErrors;
  cspViolations: CspViolations;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  appEnv: [{}, { option: true, scope: "worker" }],
  tinybird: [
    async ({}, provide) => {
      const tinybird = await spawnLocalServer({ project: "tinybird" });
      await provide(tinybird);
      await tinybird.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  app: [
    async ({ tinybird, appEnv }, provide) => {
      const app = await startNextServer({
        mode: "local",
        env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybird.url, ...appEnv },
      });
      await provide(app);
      await app.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  // `provide`, not Playwright's usual `use`, so React's hooks lint rule leaves fixtures alone.
  baseURL: async ({ app }, provide) => provide(app.url),
  signInPage: async ({ page }, provide) => provide(new SignInPage(page)),
  dashboard: async ({ page }, provide) => provide(new DashboardPage(page)),
  failOnConsoleErrors: [false, { option: true }],
  consoleErrors: [
    async ({ page, failOnConsoleErrors }, provide) => {
      const errors = new ConsoleErrors();
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() === "error") errors.seen.push(`${message.text()} (${message.location().url})`);
      };
      const onPageError = (error: Error) => errors.seen.push(`uncaught: ${error.message}`);
      page.on("console", onConsole);
      page.on("pageerror", onPageError);
      await provide(errors);
      page.off("console", onConsole);
      page.off("pageerror", onPageError);
      if (failOnConsoleErrors) expect(errors.unexpected(), "console errors during the test").toEqual([]);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ page }, provide) => {
      const violations = new CspViolations();
      // A binding and an init script reach the page through the DevTools protocol, which the policy doesn't govern.
      await page.exposeFunction("__reportCspViolation", (violation: string) => violations.add(violation));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = (window as unknown as { __reportCspViolation: (violation: string) => void })
            .__reportCspViolation;
          void report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`);
        });
      });
      const onConsole = (message: ConsoleMessage) => {
        if (/Content Security Policy/i.test(message.text())) violations.add(`console: ${message.text()}`);
      };
      page.on("console", onConsole);
      await provide(violations);
      page.off("console", onConsole);
      expect(violations.take(), "Content-Security-Policy violations during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
