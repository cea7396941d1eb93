// Clerk's Backend API unreachable, rate limiting (429), failing (500) or slower than the middleware's 3 s mint
// budget, with the real clerkMiddleware on the Clerk test build: pages render "analytics unavailable" (200, no
// token), and the same session gets a token as soon as Clerk is healthy again. (tests/integration/app covers the
// first half for 404, 500 and a 5 s delay; this adds 429, unreachable, just over the budget, and the recovery.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appRequest, tokenClaims } from "@/tests/support/app-request";
import { startClerkStandIn, type ClerkStandIn, type StandInBehaviour } from "@/tests/support/clerk-stand-in";
import { startNextServer, type NextServer } from "@/tests/support/next-server";
import { TEST_CLERK_SECRET_KEY } from "@/tests/support/test-builds";
import { startFaultProxy, type FaultProxy } from "@/tests/support/fault-proxy";

let standIn: ClerkStandIn;
let proxy: FaultProxy;
let app: NextServer;
let sessions = 0;

beforeAll(async () => {
  standIn = await startClerkStandIn({ signingKey: "p.test-tinybird-admin-token", workspaceId: "ws_clerk_outage" });
  proxy = await startFaultProxy(standIn.url);
  app = await startNextServer({
    mode: "clerk",
    env: {
      CLERK_SECRET_KEY: TEST_CLERK_SECRET_KEY,
      CLERK_API_URL: proxy.url,
      CLERK_JWT_KEY: standIn.jwtKeyPem,
      NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
  await standIn?.stop();
});

beforeEach(async () => {
  standIn.behave({ kind: "ok" });
  await proxy.set({ kind: "none" });
});

function graceAtAcme(): string {
  sessions += 1;
  return standIn.sessionToken({
    userId: "user_2grace",
    sessionId: `sess_outage_${sessions}`,
    org: { id: "org_2acme", slug: "acme", role: "member" },
  });
}

async function expectUnavailable(bearer: string): Promise<void> {
  const started = performance.now();
  // Together, as a page and its token refresh would: a late Clerk answer is cached for whoever asks next.
  const [page, route] = await Promise.all([
    appRequest(app, "/dashboard", { bearer }),
    appRequest(app, "/api/tinybird-token", { bearer }),
  ]);
  expect(page.status).toBe(200);
  expect(page.testIdText("token-state-unavailable")).toMatch(/Analytics unavailable — retry/);
  expect(page.headers.get("x-tinybird-token")).toBeNull();
  expect(route.status).toBe(503);
  expect(route.headers.get("x-tinybird-token")).toBeNull();
  // The middleware gives up within its 3 s budget however long Clerk takes.
  expect(performance.now() - started).toBeLessThan(4_500);
}

async function expectRecovered(bearer: string): Promise<void> {
  const route = await appRequest(app, "/api/tinybird-token", { bearer });
  expect(route.status).toBe(200);
  const token = route.headers.get("x-tinybird-token")!;
  expect(tokenClaims(token).fixedParams).toEqual({ org: "acme", user: "user_2grace" });
  const page = await appRequest(app, "/dashboard", { bearer });
  expect(page.status).toBe(200);
  expect(page.testIdText("token-state-unavailable")).toBeNull();
  expect(page.headers.get("x-tinybird-token")).toBe(token);
}

describe("Clerk Backend API outages", () => {
  const behaviours: Array<[string, StandInBehaviour]> = [
    ["429 (rate limited)", { kind: "error", status: 429 }],
    ["500", { kind: "error", status: 500 }],
    ["answering after 3.5 s, just past the mint budget", { kind: "slow", delayMs: 3_500 }],
  ];
  for (const [label, behaviour] of behaviours) {
    it(`Clerk ${label}: "analytics unavailable", then a token for the same session once Clerk is healthy`, async () => {
      standIn.behave(behaviour);
      const bearer = graceAtAcme();
      await expectUnavailable(bearer);
      standIn.behave({ kind: "ok" });
      await expectRecovered(bearer);
      expect(app.output()).not.toMatch(/eyJ/);
    });
  }

  it(`Clerk unreachable: "analytics unavailable", sessions still verified offline, then recovery`, async () => {
    await proxy.set({ kind: "down" });
    const bearer = graceAtAcme();
    await expectUnavailable(bearer);
    await proxy.set({ kind: "none" });
    await expectRecovered(bearer);
  });
});
