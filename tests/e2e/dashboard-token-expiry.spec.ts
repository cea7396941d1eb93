// Real token expiry, no stubs: the app mints 60-second tokens, the browser renews before exp through
// /api/tinybird-token, and the widgets keep polling the local Tinybird server (which rejects expired JWTs) past the
// first token's exp without an error. Its own servers (a worker option), so it takes about a minute and a half.
import type { Response } from "@playwright/test";
import { WIDGETS } from "./support/dashboard-page";
import { expect, test } from "./support/e2e-test";

test.use({ appEnv: { TINYBIRD_JWT_TTL_SECONDS: "60" }, failOnConsoleErrors: true });

function bearer(response: Response): { token: string; exp: number } {
  const token = response.request().headers()["authorization"]!.replace("Bearer ", "");
  const { exp } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number };
  return { token, exp };
}

test("widgets keep working across a token's expiry: it is renewed before exp and polls use the new one", async ({
  page,
  signInPage,
  dashboard,
}) => {
  test.setTimeout(150_000);
  const pipeResponses: Array<{ response: Response; at: number }> = [];
  const renewals: Response[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/v0/pipes/")) pipeResponses.push({ response, at: Date.now() });
    if (new URL(response.url()).pathname === "/api/tinybird-token") renewals.push(response);
  });

  await signInPage.signInWithApi("user_local_ada");
  await dashboard.open({ range: "1h" });
  await dashboard.expectAllWidgetsReady(WIDGETS);
  const first = bearer(pipeResponses[0]!.response);
  expect(first.exp * 1000 - Date.now()).toBeLessThanOrEqual(60_000);

  // The provider renews 20 s before exp.
  await expect.poll(() => renewals.length, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThan(0);
  expect(renewals[0]!.status()).toBe(200);
  expect(Date.now()).toBeLessThan(first.exp * 1000);

  // Past the first token's exp, the live tile's polls (every 5 s) go on with the renewed token.
  await page.waitForTimeout(Math.max(0, first.exp * 1000 - Date.now()) + 7_000);
  const afterExpiry = pipeResponses.filter(({ at }) => at > first.exp * 1000 + 1_000);
  expect(afterExpiry.length).toBeGreaterThan(0);
  for (const { response } of afterExpiry) {
    expect(response.status()).toBe(200);
    expect(bearer(response).exp).toBeGreaterThan(first.exp);
  }
  expect(
    pipeResponses.filter(({ response }) => response.status() !== 200).map(({ response }) => response.url()),
  ).toEqual([]);
  await expect(page.locator('[data-widget][data-state="error"]')).toHaveCount(0);
  await dashboard.expectAllWidgetsReady(WIDGETS);
});
