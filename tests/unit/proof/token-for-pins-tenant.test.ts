// Tinybird applies a JWT's scopes and fixed_params and nothing else: a scope that doesn't pin `org` answers for
// whatever org the browser names (tests/integration/proof/tenant-isolation.test.ts shows it on the real server), a
// DATASOURCES:APPEND scope writes, and a token can't be revoked before it expires. The repo's templates are checked
// (tests/unit/tinybird/jwt-templates-match-endpoints.test.ts), but in clerk-template mode the template that signs is
// the copy pasted into the Clerk dashboard, so tokenFor checks every token it hands out, whoever minted it.
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import type { AuthSession } from "@/lib/auth/auth-session";
import type { TokenSource } from "@/lib/env";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { createTokenFor } from "@/lib/tinybird/server/token-for";

const env = {
  tokenSource: "clerk-template" as TokenSource,
  CLERK_JWT_TEMPLATE: "tinybird",
  CLERK_ADMIN_JWT_TEMPLATE: "tinybird_admin",
  TINYBIRD_JWT_TTL_SECONDS: 300,
  TINYBIRD_TOKEN_MAX_TTL_SECONDS: 3600,
  TINYBIRD_TOKEN_CACHE_SIZE: 100,
  NEXT_PUBLIC_TINYBIRD_API_URL: "http://127.0.0.1:9",
  TINYBIRD_WORKSPACE_ID: undefined as string | undefined,
  TINYBIRD_JWT_SECRET: undefined as string | undefined,
};

type Scope = { type: string; resource: string; fixed_params?: Record<string, unknown> };
type Claims = Record<string, unknown> & { scopes: Scope[] };

const minted: string[] = [];

/** A member session whose Clerk JWT template renders `claims` (what a template edited in Clerk's dashboard gives). */
function clerkSession(edit: (claims: Claims) => Claims, lifetime = "5m", role = "org:member"): AuthSession {
  const org = { id: "org_2acme", slug: "acme", name: "Acme", role };
  return {
    sessionId: `sess_pins_${minted.length}`,
    user: { id: "user_2grace", firstName: "Grace", lastName: null, email: null },
    org,
    clerkTemplateToken: async (template) => {
      const claims = edit(renderJwtTemplate(JWT_TEMPLATES[template]!, { user: { id: "user_2grace" }, org }) as Claims);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt()
        .setExpirationTime(lifetime)
        .sign(new TextEncoder().encode("p.admin"));
      minted.push(token);
      return token;
    },
  };
}

/** What tokenFor answers for `session`, and the one line it logged. */
async function mint(session: AuthSession, overrides: Partial<typeof env> = {}) {
  const log = vi.fn();
  const result = await createTokenFor({ ...env, ...overrides }, log)(session);
  return { result, line: (log.mock.calls[0]?.[0] as string | undefined) ?? "" };
}

const editScopes = (edit: (scopes: Scope[]) => Scope[]) => (claims: Claims) => ({
  ...claims,
  scopes: edit(claims.scopes),
});

async function expectRefused(session: AuthSession, reason: RegExp, overrides: Partial<typeof env> = {}) {
  const { result, line } = await mint(session, overrides);
  expect(result).toEqual({ status: "unavailable" });
  expect(line).toMatch(/^\[tinybird\] token minting failed; serving no token\./);
  expect(line).toMatch(/template="tinybird(_admin)?"/);
  expect(line).toMatch(reason);
  // Never the token, nor any part of it.
  for (const token of minted) for (const part of token.split(".")) expect(line).not.toContain(part);
  expect(line).not.toMatch(/eyJ/);
}

describe("tokenFor's minted-token policy", () => {
  it("serves the repo's templates: PIPES:READ on the project's endpoints, pinned to the session, for 5 minutes", async () => {
    expect((await mint(clerkSession((claims) => claims))).result.status).toBe("ok");
    expect((await mint(clerkSession((claims) => claims, "5m", "org:admin"))).result.status).toBe("ok");
  });

  it("refuses a token whose scopes don't pin the session's org", async () => {
    const unpinned = editScopes((scopes) =>
      scopes.map((scope) => ({ ...scope, fixed_params: { user: scope.fixed_params?.user } })),
    );
    await expectRefused(clerkSession(unpinned), /doesn't pin org and user to the session in its usage_kpis scope/);
  });

  it("refuses a member's token pinned to another org, or to the org but not the member", async () => {
    const otherOrg = editScopes((scopes) =>
      scopes.map((scope) => ({ ...scope, fixed_params: { ...scope.fixed_params, org: "globex" } })),
    );
    await expectRefused(clerkSession(otherOrg), /doesn't pin org and user/);
    const orgOnly = editScopes((scopes) => scopes.map((scope) => ({ ...scope, fixed_params: { org: "acme" } })));
    await expectRefused(clerkSession(orgOnly), /doesn't pin org and user/);
  });

  it("refuses a token that also grants DATASOURCES:APPEND, or DATASOURCES:READ", async () => {
    for (const type of ["DATASOURCES:APPEND", "DATASOURCES:READ"]) {
      const writer = editScopes((scopes) => [...scopes, { type, resource: "api_requests" }]);
      await expectRefused(
        clerkSession(writer),
        new RegExp(`grants ${type} on api_requests; only PIPES:READ on the project's endpoints is allowed`),
      );
    }
  });

  it("refuses PIPES:READ on a pipe that isn't one of the project's endpoints, or on none", async () => {
    const stranger = editScopes((scopes) => [
      ...scopes,
      { type: "PIPES:READ", resource: "internal_billing", fixed_params: { org: "acme", user: "user_2grace" } },
    ]);
    await expectRefused(clerkSession(stranger), /PIPES:READ on internal_billing, which is not one of the project's/);
    const unnamed = editScopes((scopes) => [{ type: "PIPES:READ", resource: "" }, ...scopes]);
    await expectRefused(clerkSession(unnamed), /PIPES:READ on , which is not one of the project's endpoints/);
  });

  it("refuses a token with no scopes", async () => {
    await expectRefused(
      clerkSession((claims) => ({ ...claims, scopes: [] })),
      /gives a token that has no scopes/,
    );
  });

  it("refuses a token that lives longer than TINYBIRD_TOKEN_MAX_TTL_SECONDS, and honours a raised maximum", async () => {
    await expectRefused(
      clerkSession((claims) => claims, "1d"),
      /lives 86400 s, longer than TINYBIRD_TOKEN_MAX_TTL_SECONDS \(3600 s\)/,
    );
    await expectRefused(
      clerkSession((claims) => claims, "2h"),
      /lives 7200 s/,
    );
    expect((await mint(clerkSession((claims) => claims, "1h"))).result.status).toBe("ok");
    expect(
      (
        await mint(
          clerkSession((claims) => claims, "1d"),
          { TINYBIRD_TOKEN_MAX_TTL_SECONDS: 86_400 },
        )
      ).result,
    ).toMatchObject({ status: "ok" });
  });

  it("applies to self-signed tokens too: one signed for longer than the maximum is refused", async () => {
    const session: AuthSession = {
      sessionId: "sess_self",
      user: { id: "user_1", firstName: null, lastName: null, email: null },
      org: { id: "org_acme", slug: "acme", name: "Acme", role: "org:member" },
    };
    const selfSigned = {
      tokenSource: "self-signed" as const,
      TINYBIRD_WORKSPACE_ID: "ws_unit",
      TINYBIRD_JWT_SECRET: "p.unit-admin-token",
    };
    const ok = await mint(session, selfSigned);
    if (ok.result.status !== "ok") throw new Error(ok.line);
    expect(decodeJwt(ok.result.token).scopes).toHaveLength(9);
    const { result, line } = await mint(session, { ...selfSigned, TINYBIRD_JWT_TTL_SECONDS: 7200 });
    expect(result).toEqual({ status: "unavailable" });
    expect(line).toMatch(/template="tinybird".*lives 7200 s, longer than TINYBIRD_TOKEN_MAX_TTL_SECONDS/);
  });
});
