// Tinybird applies a JWT's fixed_params and nothing else: a scope that doesn't pin `org` answers for whatever org
// the browser names (tests/integration/proof/tenant-isolation.test.ts shows it on the real server). The repo's
// templates are checked (tests/unit/tinybird/jwt-templates-match-endpoints.test.ts), but in clerk-template mode the
// template that signs is the copy pasted into the Clerk dashboard, so tokenFor checks every token it hands out.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { AuthSession } from "@/lib/auth/auth-session";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { createTokenFor } from "@/lib/tinybird/server/token-for";

const env = {
  tokenSource: "clerk-template" as const,
  CLERK_JWT_TEMPLATE: "tinybird",
  CLERK_ADMIN_JWT_TEMPLATE: "tinybird_admin",
  TINYBIRD_JWT_TTL_SECONDS: 300,
  TINYBIRD_TOKEN_CACHE_SIZE: 100,
  NEXT_PUBLIC_TINYBIRD_API_URL: "http://127.0.0.1:9",
  TINYBIRD_WORKSPACE_ID: undefined,
  TINYBIRD_JWT_SECRET: undefined,
};

/** A session whose Clerk JWT template renders `claims` (what a template edited in the Clerk dashboard would give). */
function clerkSession(edit: (claims: Record<string, unknown>) => Record<string, unknown>): AuthSession {
  const org = { id: "org_2acme", slug: "acme", name: "Acme", role: "org:member" };
  return {
    sessionId: "sess_pins",
    user: { id: "user_2grace", firstName: "Grace", lastName: null, email: null },
    org,
    clerkTemplateToken: async (template) => {
      const claims = edit(renderJwtTemplate(JWT_TEMPLATES[template]!, { user: { id: "user_2grace" }, org }));
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode("p.admin"));
    },
  };
}

type Scopes = Array<{ fixed_params: Record<string, unknown> }>;

describe("tokenFor with Clerk-minted tokens", () => {
  it("serves a token whose every scope pins the session's org and user", async () => {
    const result = await createTokenFor(env, () => undefined)(clerkSession((claims) => claims));
    expect(result.status).toBe("ok");
  });

  it("refuses a Clerk token whose scopes don't pin the session's org", async () => {
    const unpinned = clerkSession((claims) => ({
      ...claims,
      scopes: (claims.scopes as Scopes).map((scope) => ({ ...scope, fixed_params: { user: scope.fixed_params.user } })),
    }));
    const result = await createTokenFor(env, () => undefined)(unpinned);
    expect(result.status).toBe("unavailable");
  });
});
