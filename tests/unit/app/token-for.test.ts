import { decodeJwt, jwtVerify } from "jose";
import { describe, expect, it, vi } from "vitest";
import type { AuthSession } from "@/lib/auth/auth-session";
import { createTokenFor, mintFailureLine } from "@/lib/tinybird/server/token-for";

const selfSigned = {
  tokenSource: "self-signed" as const,
  CLERK_JWT_TEMPLATE: "tinybird",
  CLERK_ADMIN_JWT_TEMPLATE: "tinybird_admin",
  TINYBIRD_JWT_TTL_SECONDS: 300,
  TINYBIRD_TOKEN_MAX_TTL_SECONDS: 3600,
  TINYBIRD_TOKEN_CACHE_SIZE: 100,
  NEXT_PUBLIC_TINYBIRD_API_URL: "http://127.0.0.1:9",
  TINYBIRD_WORKSPACE_ID: "ws_unit",
  TINYBIRD_JWT_SECRET: "p.unit-admin-token",
};

function session(overrides: Partial<AuthSession> = {}): AuthSession {
  return {
    sessionId: "sess_1",
    user: { id: "user_1", firstName: "Grace", lastName: "Hopper", email: null },
    org: { id: "org_acme", slug: "acme", name: "Acme", role: "org:member" },
    ...overrides,
  };
}

type Claims = { name: string; workspace_id: string; scopes: Array<{ fixed_params: Record<string, string> }> };

/** What Clerk's Backend API returns for a template (signature not checked here): scopes pinning the tenant. */
function clerkJwt(exp: number, org: string, user?: string): string {
  const scopes = [{ type: "PIPES:READ", resource: "usage_kpis", fixed_params: user ? { org, user } : { org } }];
  return `e30.${Buffer.from(JSON.stringify({ exp, scopes })).toString("base64url")}.sig`;
}

describe("tokenFor", () => {
  it("gives no token when signed out or without an active org", async () => {
    const tokenFor = createTokenFor(selfSigned);
    expect(await tokenFor(null)).toEqual({ status: "signed-out" });
    expect(await tokenFor(session({ org: null }))).toEqual({ status: "no-org" });
  });

  it("self-signs the member template for members and the admin template for org admins", async () => {
    const tokenFor = createTokenFor(selfSigned);
    const member = await tokenFor(session());
    if (member.status !== "ok") throw new Error(member.status);
    const { payload } = await jwtVerify(member.token, new TextEncoder().encode(selfSigned.TINYBIRD_JWT_SECRET));
    const claims = payload as unknown as Claims;
    expect(claims.workspace_id).toBe("ws_unit");
    expect(claims.name).toBe("member_acme_user_1");
    expect(claims.scopes[0]!.fixed_params).toEqual({ org: "acme", user: "user_1" });
    expect(member.expiresAt).toBe((payload.exp as number) * 1000);

    const admin = await tokenFor(session({ org: { id: "org_acme", slug: "acme", name: "Acme", role: "org:admin" } }));
    if (admin.status !== "ok") throw new Error(admin.status);
    expect((decodeJwt(admin.token) as unknown as Claims).scopes[0]!.fixed_params).toEqual({ org: "acme" });
  });

  it("asks Clerk for the role's template once per session, org and role while the token lives", async () => {
    const now = Math.floor(Date.now() / 1000);
    const clerkToken = vi.fn(async (template: string) =>
      template === "tinybird" ? clerkJwt(now + 60, "acme", "user_1") : clerkJwt(now + 60, "globex"),
    );
    const tokenFor = createTokenFor({ ...selfSigned, tokenSource: "clerk-template" });
    const grace = session({ clerkTemplateToken: clerkToken });
    const first = await tokenFor(grace);
    expect(await tokenFor(grace)).toEqual(first);
    expect(clerkToken).toHaveBeenCalledTimes(1);
    expect(clerkToken).toHaveBeenLastCalledWith("tinybird");
    expect(first).toMatchObject({ status: "ok", expiresAt: (now + 60) * 1000 });

    await tokenFor({ ...grace, org: { id: "org_globex", slug: "globex", name: null, role: "org:admin" } });
    expect(clerkToken).toHaveBeenCalledTimes(2);
    expect(clerkToken).toHaveBeenLastCalledWith("tinybird_admin");
    await tokenFor({ ...grace, sessionId: "sess_2" });
    expect(clerkToken).toHaveBeenCalledTimes(3);
  });

  it("never serves one user's cached token to another, even under the same session id", async () => {
    const clerkToken = vi.fn(async () => clerkJwt(Date.now() / 1000 + 60, "acme", "user_1"));
    const tokenFor = createTokenFor({ ...selfSigned, tokenSource: "clerk-template" }, () => undefined);
    expect((await tokenFor(session({ clerkTemplateToken: clerkToken }))).status).toBe("ok");
    const other = session({
      user: { id: "user_2", firstName: null, lastName: null, email: null },
      clerkTemplateToken: clerkToken,
    });
    // Clerk is asked again, and the token it returns (pinned to user_1) is refused for user_2.
    expect(await tokenFor(other)).toEqual({ status: "unavailable" });
    expect(clerkToken).toHaveBeenCalledTimes(2);
  });

  it("mints on every request when the cache is disabled", async () => {
    const clerkToken = vi.fn(async () => clerkJwt(Date.now() / 1000 + 60, "acme", "user_1"));
    const tokenFor = createTokenFor({ ...selfSigned, tokenSource: "clerk-template", TINYBIRD_TOKEN_CACHE_SIZE: 0 });
    await tokenFor(session({ clerkTemplateToken: clerkToken }));
    await tokenFor(session({ clerkTemplateToken: clerkToken }));
    expect(clerkToken).toHaveBeenCalledTimes(2);
  });

  it("turns a minting failure into 'unavailable' and one log line with Clerk's details but no token", async () => {
    const log = vi.fn();
    const tokenFor = createTokenFor({ ...selfSigned, tokenSource: "clerk-template" }, log);
    const clerkError = Object.assign(new Error("Not Found"), {
      status: 404,
      errors: [{ code: "resource_not_found" }],
      clerkTraceId: "trace_123",
    });
    const result = await tokenFor(session({ clerkTemplateToken: () => Promise.reject(clerkError) }));
    expect(result).toEqual({ status: "unavailable" });
    expect(log).toHaveBeenCalledTimes(1);
    const line = log.mock.calls[0]![0] as string;
    expect(line).toContain("status=404");
    expect(line).toContain('code="resource_not_found"');
    expect(line).toContain('clerkTraceId="trace_123"');
    expect(line).not.toMatch(/eyJ|p\.unit/);

    expect(await tokenFor(session({ sessionId: "sess_9", clerkTemplateToken: async () => null }))).toEqual({
      status: "unavailable",
    });
  });

  it("reports 'unavailable' when the local Tinybird server can't provide signing credentials", async () => {
    const log = vi.fn();
    const tokenFor = createTokenFor(
      { ...selfSigned, TINYBIRD_JWT_SECRET: undefined, TINYBIRD_WORKSPACE_ID: undefined },
      log,
    );
    expect(await tokenFor(session())).toEqual({ status: "unavailable" });
    expect(log.mock.calls[0]![0]).toContain("GET http://127.0.0.1:9/tokens failed");
  });

  it("gives up on a slow token source after its timeout", async () => {
    vi.useFakeTimers();
    try {
      const log = vi.fn();
      const tokenFor = createTokenFor({ ...selfSigned, tokenSource: "clerk-template" }, log);
      const pending = tokenFor(session({ clerkTemplateToken: () => new Promise(() => {}) }));
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await pending).toEqual({ status: "unavailable" });
      expect(log.mock.calls[0]![0]).toContain("timed out");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("mintFailureLine", () => {
  it("names the failure without echoing unknown error fields", () => {
    const line = mintFailureLine(Object.assign(new Error("fetch failed"), { token: "eyJsecret" }), {
      source: "clerk-template",
    });
    expect(line).toBe(
      '[tinybird] token minting failed; serving no token. source="clerk-template" reason="fetch failed"',
    );
  });
});
