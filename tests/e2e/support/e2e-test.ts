// The e2e `test`: one Tinybird server and one `next start` (local build) per worker, started before the first test
// that needs them. Specs import { test, expect } from here; later suites add fixtures (seeded data, …) alongside.
import { test as base, expect } from "@playwright/test";
import { startNextServer, type NextServer } from "../../support/next-server";
import { startTinybirdLocal, type TinybirdLocal } from "../../support/tinybird-local";
import { DashboardPage } from "./dashboard-page";
import { SignInPage } from "./sign-in-page";

interface WorkerFixtures {
  tinybird: TinybirdLocal;
  app: NextServer;
}

interface TestFixtures {
  signInPage: SignInPage;
  dashboard: DashboardPage;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  tinybird: [
    async ({}, provide) => {
      const tinybird = await startTinybirdLocal();
      await provide(tinybird);
      await tinybird.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  app: [
    async ({ tinybird }, provide) => {
      const app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybird.url } });
      await provide(app);
      await app.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  // `provide`, not Playwright's usual `use`, so React's hooks lint rule leaves fixtures alone.
  baseURL: async ({ app }, provide) => provide(app.url),
  signInPage: async ({ page }, provide) => provide(new SignInPage(page)),
  dashboard: async ({ page }, provide) => provide(new DashboardPage(page)),
});

export { expect };
