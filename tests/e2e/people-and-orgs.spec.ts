// People and organizations as the viewer has them (local mode; tests/integration/app/clerk-mode.test.ts proves the
// Clerk side against the Backend API stand-in): members by name and avatar, "your" wherever the numbers are only
// the viewer's, and a way forward for someone with no organization.
import { WIDGETS } from "./support/dashboard-page";
import { DashboardHeader } from "./support/dashboard-header";
import { expect, test } from "./support/e2e-test";
import { useView, VIEWS } from "./support/views";

const RANGE = { from: "2026-11-01T00:00", to: "2026-11-08T00:00", tz: "UTC" };
const MEMBER_WIDGETS = WIDGETS.filter((id) => id !== "members");

test.use({ failOnConsoleErrors: true });

for (const view of VIEWS) {
  test.describe(view.name, () => {
    test.beforeEach(async ({ page, context, baseURL }) => useView(page, context, baseURL!, view));

    test("Ada, an admin, sees members by name and avatar (ids only for accounts nobody named) and org-wide titles", async ({
      page,
      signInPage,
      dashboard,
    }) => {
      await signInPage.signInWithApi("user_local_ada");
      await dashboard.open(RANGE);
      await dashboard.expectAllWidgetsReady(WIDGETS);
      await expect(page.getByTestId("dashboard-title")).toHaveText("Acme · API usage");

      const members = page.getByTestId("members-table");
      const ada = members.getByTestId("member-name").filter({ hasText: "Ada Lovelace" });
      await expect(ada).toHaveAttribute("title", "user_local_ada");
      await expect(ada.getByTestId("member-initials")).toHaveText("AL");
      await expect(members.getByTestId("member-name").filter({ hasText: "Grace Hopper" })).toBeVisible();
      await expect(members.getByTestId("member-id").filter({ hasText: "user_acme_svc_billing" })).toBeVisible();
      await expect(members).not.toContainText("user_local_");

      const tail = page.getByTestId("recent-requests-table");
      // The Member column is one phones drop for width; the names are in the table either way.
      expect(await tail.getByTestId("member-name").count()).toBeGreaterThan(0);
      if (view.width >= 640) await expect(tail.getByTestId("member-name").first()).toBeVisible();
      await expect(tail).not.toContainText("user_local_");

      await expect(dashboard.widget("live").getByRole("heading")).toHaveText(/^\s*\(updating\)\s*Live$/);
      await expect(dashboard.widget("top-routes").getByRole("heading")).toHaveText("Top routes");
      await expect(dashboard.widget("top-routes")).toContainText("The organization's 10 busiest routes");
    });

    test('Grace, a member, is told "your" wherever the numbers are only hers', async ({
      page,
      signInPage,
      dashboard,
    }) => {
      await signInPage.signInWithApi("user_local_grace", "acme");
      await dashboard.open(RANGE);
      await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
      await expect(page.getByTestId("dashboard-title")).toHaveText("Your API usage in Acme");
      await expect(dashboard.widget("kpis").getByRole("heading")).toHaveText("Your usage");
      await expect(dashboard.widget("live").getByRole("heading")).toContainText("Your live requests");
      await expect(dashboard.widget("live")).toContainText("Your requests in the last 5 minutes");
      await expect(dashboard.widget("top-routes").getByRole("heading")).toHaveText("Your top routes");
      await expect(dashboard.widget("top-routes")).toContainText("Your 10 busiest routes");
      await expect(dashboard.widget("requests-over-time")).toContainText("Your requests by status class");
      await expect(dashboard.widget("latency")).toContainText("Percentiles of your requests");
      await expect(dashboard.widget("status-codes")).toContainText("Your requests, grouped by class");
      await expect(dashboard.widget("recent-requests")).toContainText("Your newest requests");
      await expect(page.getByTestId("dashboard-overview")).not.toContainText(/organization/i);
      // Her tail is hers: no Member column to name anyone.
      await expect(page.getByTestId("recent-requests-table").getByTestId("member-name")).toHaveCount(0);
    });

    test("Nora, in no organization, is told so and offered a way forward, not a switcher that isn't there", async ({
      page,
      signInPage,
      dashboard,
    }) => {
      const header = new DashboardHeader(page);
      await signInPage.signInWithApi("user_local_nora");
      await dashboard.open(RANGE);
      await expect(header.noOrganization).toHaveText("No organization");
      await expect(dashboard.chooseOrganization).toContainText("Nora isn't a member of any organization");
      await expect(dashboard.chooseOrganization).not.toContainText("switcher");
      await expect(dashboard.widgets).toHaveCount(0);
      await page.getByTestId("no-org-switch-user").click();
      await page.waitForURL("**/sign-in");
      await expect(page.getByTestId("sign-in-as-user_local_ada")).toBeVisible();
    });

    test("Grace with no active organization opens one of hers from the choice", async ({ page, dashboard }) => {
      const response = await page.request.post("/api/local-auth/session", {
        data: { userId: "user_local_grace", orgSlug: null },
      });
      expect(response.status()).toBe(200);
      await dashboard.open(RANGE);
      const choice = page.getByTestId("no-org-choice");
      await expect(choice.getByRole("button")).toHaveText(["Open Acme (member)", "Open Globex (member)"]);
      await page.getByTestId("no-org-open-globex").click();
      await expect(page.getByTestId("dashboard-title")).toHaveText("Your API usage in Globex");
      await expect(dashboard.orgSwitcher).toHaveValue("globex");
      await dashboard.expectAllWidgetsReady(MEMBER_WIDGETS);
    });
  });
}
