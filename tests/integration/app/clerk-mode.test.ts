// The real @clerk/nextjs middleware, offline: session tokens verified with CLERK_JWT_KEY, template tokens from a
// local Backend API stand-in, on the production build made with test Clerk keys.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startClerkStandIn, type ClerkStandIn, type ClerkTestSession } from "@/tests/support/clerk-stand-in";
import { startNextServer, type NextServer } from "@/tests/support/next-server";
import { TEST_CLERK_FRONTEND_API, TEST_CLERK_SECRET_KEY } from "@/tests/support/test-builds";
import { appRequest, tokenClaims } from "@/tests/support/app-request";

let standIn: ClerkStandIn;
let app: NextServer;
let sessionCounter = 0;

function member(org = { id: "org_2acme", slug: "acme" }): ClerkTestSession {
  sessionCounter += 1;
  return { userId: "user_2grace", sessionId: `sess_clerk_${sessionCounter}`, org: { ...org, role: "member" } };
}

beforeAll(async () => {
  standIn = await startClerkStandIn({ signingKey: "p.test-tinybird-admin-token", workspaceId: "ws_clerk_test" });
  app = await startNextServer({
    mode: "clerk",
    env: {
      CLERK_SECRET_KEY: TEST_CLERK_SECRET_KEY,
      CLERK_API_URL: standIn.url,
      CLERK_JWT_KEY: standIn.jwtKeyPem,
      NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await standIn?.stop();
});

beforeEach(() => standIn.behave({ kind: "ok" }));

describe("clerk mode", () => {
  it("a Bearer session gets a template token in the RSC, the response header and the token route", async () => {
    const session = member();
    const bearer = standIn.sessionToken(session);
    const page = await appRequest(app, "/dashboard/developer", { bearer });
    expect(page.status).toBe(200);
    const token = page.headers.get("x-tinybird-token");
    expect(token).toBeTruthy();
    expect(page.headers.get("cache-control")).toMatch(/private/);
    expect(page.headers.get("cache-control")).toMatch(/no-store/);
    const claims = tokenClaims(token!);
    expect(claims.sub).toBe("user_2grace");
    expect(claims.fixedParams).toEqual({ org: "acme", user: "user_2grace" });
    // Rendered on the server from the header the middleware forwarded.
    expect(page.testIdText("token-claim-org")).toBe("acme");
    expect(page.testIdText("token-claim-user")).toBe("user_2grace");

    const route = await appRequest(app, "/api/tinybird-token", { bearer });
    expect(route.status).toBe(200);
    const renewed = route.headers.get("x-tinybird-token")!;
    expect(renewed).toBeTruthy();
    expect(Number(route.headers.get("x-tinybird-token-expires-at"))).toBe((decodeJwt(renewed).exp as number) * 1000);
  });

  it("an org admin gets the org-wide admin template", async () => {
    const session: ClerkTestSession = {
      userId: "user_2ada",
      sessionId: "sess_clerk_admin",
      org: { id: "org_2acme", slug: "acme", role: "admin" },
    };
    const route = await appRequest(app, "/api/tinybird-token", { bearer: standIn.sessionToken(session) });
    expect(tokenClaims(route.headers.get("x-tinybird-token")!).fixedParams).toEqual({ org: "acme" });
  });

  it("a cookie session works the same", async () => {
    const jwt = standIn.sessionToken(member({ id: "org_2globex", slug: "globex" }));
    const page = await appRequest(app, "/dashboard/developer", { cookie: `__session=${jwt}; __client_uat=1` });
    expect(page.status).toBe(200);
    expect(tokenClaims(page.headers.get("x-tinybird-token")!).fixedParams).toEqual({
      org: "globex",
      user: "user_2grace",
    });
    expect(page.testIdText("token-claim-org")).toBe("globex");
  });

  it("signed-out and spoofed requests get no token", async () => {
    const spoof = {
      "x-tinybird-token": "eyJforged.token.here",
      "x-tinybird-token-status": "ok",
      "x-tinybird-token-expires-at": "9999999999999",
    };
    const route = await appRequest(app, "/api/tinybird-token", { headers: spoof });
    expect(route.status).toBe(401);
    expect(route.headers.get("x-tinybird-token")).toBeNull();
    const page = await appRequest(app, "/dashboard/developer", { headers: spoof });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in$/);
    expect(page.headers.get("x-tinybird-token")).toBeNull();

    const tampered = standIn.sessionToken(member()).replace(/.{4}$/, "AAAA");
    expect((await appRequest(app, "/api/tinybird-token", { bearer: tampered })).status).toBe(401);

    const signedIn = await appRequest(app, "/api/tinybird-token", {
      bearer: standIn.sessionToken(member()),
      headers: spoof,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("x-tinybird-token")).not.toBe(spoof["x-tinybird-token"]);
  });

  it("a session without an active org gets 403 and the 'choose an organization' state", async () => {
    const bearer = standIn.sessionToken({ userId: "user_2nora", sessionId: "sess_clerk_noorg" });
    const hits = standIn.hits();
    expect((await appRequest(app, "/api/tinybird-token", { bearer })).status).toBe(403);
    const page = await appRequest(app, "/dashboard", { bearer });
    expect(page.status).toBe(200);
    expect(page.testIdText("token-state-no-org")).toMatch(/Choose an organization/);
    // Clerk's own create/join flow (drawn by clerk-js in the browser), not the demo's choices.
    expect(page.text).toContain('data-testid="clerk-organization-list"');
    expect(page.text).not.toContain('data-testid="no-org-choice"');
    expect(page.headers.get("x-tinybird-token")).toBeNull();
    expect(standIn.hits()).toBe(hits);
  });

  for (const behaviour of [
    { kind: "error", status: 404 },
    { kind: "error", status: 500 },
    { kind: "slow", delayMs: 5_000 },
  ] as const) {
    it(`a stand-in answering ${JSON.stringify(behaviour)} gives the unavailable state, not a 500 or a token`, async () => {
      standIn.behave(behaviour);
      const bearer = standIn.sessionToken(member());
      const page = await appRequest(app, "/dashboard", { bearer });
      expect(page.status).toBe(200);
      expect(page.testIdText("token-state-unavailable")).toMatch(/Analytics unavailable — retry/);
      expect(page.headers.get("x-tinybird-token")).toBeNull();
      expect(app.output()).toMatch(/token minting failed/);
      expect(app.output()).not.toMatch(/eyJ/);
      const route = await appRequest(app, "/api/tinybird-token", { bearer: standIn.sessionToken(member()) });
      expect(route.status).toBe(503);
      expect(route.headers.get("x-tinybird-token")).toBeNull();
    });
  }

  it("reaches the stand-in once per token lifetime, and again after an org switch", async () => {
    const session = member();
    const before = standIn.hits();
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const route = await appRequest(app, "/api/tinybird-token", { bearer: standIn.sessionToken(session) });
      tokens.add(route.headers.get("x-tinybird-token")!);
    }
    expect(standIn.hits() - before).toBe(1);
    expect(tokens.size).toBe(1);

    const switched = { ...session, org: { id: "org_2globex", slug: "globex", role: "member" as const } };
    const route = await appRequest(app, "/api/tinybird-token", { bearer: standIn.sessionToken(switched) });
    expect(standIn.hits() - before).toBe(2);
    expect(tokenClaims(route.headers.get("x-tinybird-token")!).fixedParams).toEqual({
      org: "globex",
      user: "user_2grace",
    });
  });

  describe("members' names and avatars", () => {
    const admin = (orgId: string, sessionId: string): ClerkTestSession => ({
      userId: "user_2ada",
      sessionId,
      org: { id: orgId, slug: orgId.replace("org_2", ""), role: "admin" },
    });

    it("come from the org's Clerk memberships, cached per org, never from the demo directory", async () => {
      standIn.setMembers("org_2names", [
        {
          userId: "user_2ada",
          firstName: "Ada",
          lastName: "Byron",
          imageUrl: "https://img.clerk.com/ada",
          role: "admin",
        },
        { userId: "user_2grace", firstName: "Grace", lastName: "Brewster", role: "member" },
        { userId: "user_2nameless", firstName: null, lastName: null, role: "member" },
      ]);
      const bearer = standIn.sessionToken(admin("org_2names", "sess_clerk_names"));
      const page = await appRequest(app, "/dashboard", { bearer });
      expect(page.status).toBe(200);
      expect(standIn.membershipHits("org_2names")).toBe(1);
      // The directory reaches the members table and the recent-requests tail as their props.
      expect(page.text).toContain("Ada Byron");
      expect(page.text).toContain("https://img.clerk.com/ada");
      expect(page.text).toContain("Grace Brewster");
      // No name: Clerk's identifier; no picture of their own: initials, not Clerk's default avatar.
      expect(page.text).toContain("user_2nameless@example.com");
      expect(page.text).not.toContain("https://img.clerk.com/default-avatar");
      for (const demo of ["Lovelace", "Hopper", "user_local_"]) expect(page.text).not.toContain(demo);

      await appRequest(app, "/dashboard", { bearer });
      expect(standIn.membershipHits("org_2names")).toBe(1);
    });

    it("are not fetched for a member, whose views show only their own rows", async () => {
      standIn.setMembers("org_2own", [{ userId: "user_2grace", firstName: "Grace", lastName: "B", role: "member" }]);
      const session: ClerkTestSession = {
        userId: "user_2grace",
        sessionId: "sess_clerk_own",
        org: { id: "org_2own", slug: "own", role: "member" },
      };
      const page = await appRequest(app, "/dashboard", { bearer: standIn.sessionToken(session) });
      expect(page.status).toBe(200);
      expect(page.testIdText("dashboard-title")).toBe("Your API usage in own");
      expect(standIn.membershipHits("org_2own")).toBe(0);
    });

    it("fall back to ids when Clerk can't list the memberships, and the page still renders", async () => {
      const bearer = standIn.sessionToken(admin("org_2unknown", "sess_clerk_unknown"));
      const page = await appRequest(app, "/dashboard", { bearer });
      expect(page.status).toBe(200);
      expect(page.testIdText("dashboard-title")).toBe("unknown · API usage");
      expect(standIn.membershipHits("org_2unknown")).toBe(1);
      expect(app.output()).toMatch(/member directory: Clerk memberships for org_2unknown failed \(404\)/);
      // A failure isn't cached: the next render asks again.
      await appRequest(app, "/dashboard", { bearer });
      expect(standIn.membershipHits("org_2unknown")).toBe(2);
    });
  });

  it("sends a Content-Security-Policy that lets in Clerk's Frontend API and nothing else, with clerk-js nonce'd", async () => {
    // Clerk's UI loads clerk-js from its Frontend API (unreachable here), so the policy's content is what is checked.
    const page = await appRequest(app, "/sign-in");
    expect(page.status).toBe(200);
    const policy = page.headers.get("content-security-policy") ?? "";
    const directives = Object.fromEntries(
      policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]),
    );
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(directives["script-src"]).toEqual([
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      TEST_CLERK_FRONTEND_API,
      "https://challenges.cloudflare.com",
      "https://*.protect.clerk.com",
    ]);
    expect(directives["connect-src"]).toEqual([
      "'self'",
      "http://localhost:7181",
      TEST_CLERK_FRONTEND_API,
      "https://*.protect.clerk.com:*",
    ]);
    expect(directives["img-src"]).toContain("https://img.clerk.com");
    expect(directives["frame-src"]).toContain("https://challenges.cloudflare.com");
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    // The script tag that loads clerk-js carries this response's nonce, so 'strict-dynamic' lets it (and what it loads) run.
    const clerkJs = page.text.match(/<script\b[^>]*data-clerk-js-script[^>]*>/)?.[0] ?? "";
    expect(clerkJs).toContain(`src="${TEST_CLERK_FRONTEND_API}/`);
    expect(clerkJs).toContain(`nonce="${nonce}"`);
    for (const script of page.text.match(/<script\b[^>]*>/g) ?? []) expect(script).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=/);

    const signedIn = await appRequest(app, "/dashboard/developer", { bearer: standIn.sessionToken(member()) });
    expect(signedIn.headers.get("content-security-policy")).toContain(
      `connect-src 'self' http://localhost:7181 ${TEST_CLERK_FRONTEND_API}`,
    );
    expect(signedIn.headers.get("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
  });
});
