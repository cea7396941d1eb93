// Local demo auth lets anyone sign in as anyone, so a production build runs it only when the deployment opted in with
// its own secret, whatever NODE_ENV says when it starts (the build is baked into the bundles: lib/env.ts buildKind).
// Attacked as an operator's slip would: the same build started every way, sign-in tried, and a session cookie forged
// with the public development secret, naming an org admin.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_LOCAL_AUTH_SECRET } from "@/lib/env";
import { encodeLocalSession } from "@/lib/auth/local-session-cookie";
import { appRequest } from "@/tests/support/app-request";
import { startNextServer, type NextServer } from "@/tests/support/next-server";

const OWN_SECRET = "gate-test-own-secret-7Hq2xV9mLp4Rz8Kw";

let tokensServer: Server;
let tinybirdUrl: string;

beforeAll(async () => {
  // Stands in for the local Tinybird server's GET /tokens, so an allowed sign-in gets as far as a token.
  tokensServer = createServer((_, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ workspace_id: "ws_gate", admin_token: "p.gate-admin-token" }));
  });
  await new Promise<void>((resolve) => tokensServer.listen(0, "127.0.0.1", resolve));
  tinybirdUrl = `http://127.0.0.1:${(tokensServer.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => tokensServer?.close(resolve)));

/** A cookie for Ada (acme's admin) signed with `secret`: what anyone who read the source can make. */
async function forgedAdmin(secret = DEV_LOCAL_AUTH_SECRET): Promise<string> {
  const value = await encodeLocalSession(
    { userId: "user_local_ada", sessionId: "sess_forged", orgSlug: "acme" },
    secret,
  );
  return `local_session=${value}`;
}

async function withServer(env: Record<string, string>, run: (app: NextServer) => Promise<void>): Promise<void> {
  const app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybirdUrl, ...env } });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

async function expectRefused(app: NextServer, reason: RegExp): Promise<void> {
  const signIn = await appRequest(app, "/api/local-auth/session", {
    method: "POST",
    json: { userId: "user_local_ada" },
  });
  expect(signIn.status).toBe(403);
  expect(((await signIn.json()) as { error: string }).error).toMatch(reason);
  expect(signIn.headers.getSetCookie()).toEqual([]);

  const cookie = await forgedAdmin();
  const token = await appRequest(app, "/api/tinybird-token", { cookie });
  expect(token.status).toBe(401);
  expect(token.headers.get("x-tinybird-token")).toBeNull();
  const dashboard = await appRequest(app, "/dashboard/developer", { cookie });
  expect(dashboard.status).toBe(307);
  expect(dashboard.headers.get("location")).toMatch(/\/sign-in$/);

  const page = await appRequest(app, "/sign-in");
  expect(page.status).toBe(200);
  expect(page.testIdText("local-auth-refused")).toMatch(reason);
  expect(page.text).not.toContain("user_local_ada");
  expect(app.output()).toMatch(/\[local-auth\] Demo sign-in is refused\./);
}

describe("the production gate for local demo auth", () => {
  // "" = unset: Next then sets production itself. The baked-in build kind has a name no variable can set.
  for (const NODE_ENV of ["production", "test", "development", ""]) {
    it(`refuses demo sign-in and a forged admin cookie without the opt-in, started with NODE_ENV=${NODE_ENV || "(unset)"}`, async () => {
      const env = { LOCAL_AUTH_ALLOW_PRODUCTION: "", LOCAL_AUTH_SECRET: "", __STARTER_BUILD__: "dev-server" };
      await withServer(NODE_ENV ? { ...env, NODE_ENV } : env, (app) =>
        expectRefused(app, /LOCAL_AUTH_ALLOW_PRODUCTION: local demo auth runs only under `next dev`/),
      );
    });
  }

  for (const [label, secret, reason] of [
    ["no secret (the public default)", "", /LOCAL_AUTH_SECRET: .*public development default/],
    ["the public default pasted in", DEV_LOCAL_AUTH_SECRET, /LOCAL_AUTH_SECRET: .*public development default/],
    ["a guessable secret", "password".repeat(4), /LOCAL_AUTH_SECRET: has only 7 different characters/],
  ] as const) {
    it(`with the opt-in and ${label}, refuses and says why`, async () => {
      await withServer({ NODE_ENV: "test", LOCAL_AUTH_ALLOW_PRODUCTION: "true", LOCAL_AUTH_SECRET: secret }, (app) =>
        expectRefused(app, reason),
      );
    });
  }

  it("refuses to start with the opt-in and a secret too short to sign with", async () => {
    await expect(
      startNextServer({ mode: "local", env: { LOCAL_AUTH_ALLOW_PRODUCTION: "true", LOCAL_AUTH_SECRET: "short" } }),
    ).rejects.toThrow(/LOCAL_AUTH_SECRET: must be at least 32 characters/);
  });

  it("with the opt-in and the deployment's own secret, signs in, and still ignores a cookie forged with the default", async () => {
    await withServer(
      { NODE_ENV: "test", LOCAL_AUTH_ALLOW_PRODUCTION: "true", LOCAL_AUTH_SECRET: OWN_SECRET },
      async (app) => {
        const signIn = await appRequest(app, "/api/local-auth/session", {
          method: "POST",
          json: { userId: "user_local_grace" },
        });
        expect(signIn.status).toBe(200);
        const setCookie = signIn.headers.getSetCookie()[0]!;
        // A production build's cookie is Secure whatever NODE_ENV says.
        expect(setCookie).toMatch(/; Secure/i);
        const token = await appRequest(app, "/api/tinybird-token", { cookie: setCookie.split(";")[0] });
        expect(token.status).toBe(200);

        expect((await appRequest(app, "/api/tinybird-token", { cookie: await forgedAdmin() })).status).toBe(401);
        expect((await appRequest(app, "/api/tinybird-token", { cookie: await forgedAdmin(OWN_SECRET) })).status).toBe(
          200,
        );
        expect(app.output()).not.toMatch(/Demo sign-in is refused/);
      },
    );
  });
});
