import { expect, test } from "./support/e2e-test";

test("Ada signs in and sees acme's org-wide token in the developer panel", async ({ signInPage, dashboard }) => {
  await signInPage.signInAs("user_local_ada");
  await expect(dashboard.userName).toHaveText("Ada Lovelace");
  await dashboard.openDeveloperTab();
  await expect(dashboard.claimOrg).toHaveText("acme");
  await expect(dashboard.claimName).toHaveText("admin_acme_user_local_ada");
  await expect(dashboard.claimUser).toHaveText("— org-wide (admin)");
});

test("Grace switches from acme to globex and the claims change", async ({ signInPage, dashboard }) => {
  await signInPage.signInAs("user_local_grace");
  await dashboard.openDeveloperTab();
  await expect(dashboard.claimOrg).toHaveText("acme");
  await expect(dashboard.claimUser).toHaveText("user_local_grace");
  await dashboard.switchOrg("globex");
  await expect(dashboard.claimOrg).toHaveText("globex");
  await expect(dashboard.claimName).toHaveText("member_globex_user_local_grace");
});

test("Nora, who has no organization, is asked to choose one", async ({ signInPage, dashboard }) => {
  await signInPage.signInAs("user_local_nora");
  await expect(dashboard.chooseOrganization).toContainText("Choose an organization");
  await expect(dashboard.tokenPanel).toHaveCount(0);
});

test("signing out leaves no token", async ({ page, signInPage, dashboard }) => {
  await signInPage.signInAs("user_local_margaret");
  const signedIn = await page.request.get("/api/tinybird-token");
  expect(signedIn.status()).toBe(200);
  await dashboard.signOut();
  await expect(page.getByTestId("landing-sign-in")).toBeVisible();
  const signedOut = await page.request.get("/api/tinybird-token");
  expect(signedOut.status()).toBe(401);
  expect(signedOut.headers()["x-tinybird-token"]).toBeUndefined();
  await page.goto("/dashboard/developer");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the browser's token is one the local Tinybird server accepts", async ({ page, signInPage, tinybird }) => {
  await signInPage.signInAs("user_local_grace");
  const token = (await page.request.get("/api/tinybird-token")).headers()["x-tinybird-token"]!;
  const read = (bearer: string) =>
    page.request.get(`${tinybird.url}/v0/pipes/usage_kpis.json`, { headers: { Authorization: `Bearer ${bearer}` } });
  expect((await read(token)).status()).toBe(200);
  expect((await read(`${token.slice(0, -4)}AAAA`)).status()).toBe(403);
});
