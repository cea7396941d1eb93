// Decides the Tinybird token for a session: none when signed out or without an org, else a cached or fresh one.
import "server-only";
import { decodeJwt } from "jose/jwt/decode";
import { ORG_ADMIN_ROLE, type AuthSession } from "@/lib/auth/auth-session";
import { assertTokenPolicy } from "@/lib/tinybird/server/assert-token-policy";
import { DEFAULT_TOKEN_MAX_TTL_SECONDS, serverEnv, type ServerEnv } from "@/lib/env";
import { jwtTemplate } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate, templateContext } from "@/lib/tinybird/render-jwt-template";
import { signingCredentials } from "@/lib/tinybird/server/signing-credentials";
import { signTinybirdJwt, type MintedToken } from "@/lib/tinybird/sign-tinybird-jwt";
import { TokenCache, tokenCacheKey } from "@/lib/tinybird/server/token-cache";
import type { TokenResult } from "@/lib/tinybird/token-result";

// A page waits at most this long for a token; past it the page renders "analytics unavailable".
const MINT_TIMEOUT_MS = 3_000;

type TokenEnv = Pick<
  ServerEnv,
  | "tokenSource"
  | "CLERK_JWT_TEMPLATE"
  | "CLERK_ADMIN_JWT_TEMPLATE"
  | "TINYBIRD_JWT_TTL_SECONDS"
  | "TINYBIRD_TOKEN_CACHE_SIZE"
  | "NEXT_PUBLIC_TINYBIRD_API_URL"
  | "TINYBIRD_WORKSPACE_ID"
  | "TINYBIRD_JWT_SECRET"
> &
  Partial<Pick<ServerEnv, "TINYBIRD_TOKEN_MAX_TTL_SECONDS">>;

export type TokenFor = (session: AuthSession | null) => Promise<TokenResult>;

export function createTokenFor(env: TokenEnv, log: (line: string) => void = console.warn): TokenFor {
  const cache = new TokenCache(env.TINYBIRD_TOKEN_CACHE_SIZE);
  return async (session) => {
    if (!session) return { status: "signed-out" };
    if (!session.org) return { status: "no-org" };
    const admin = session.org.role === ORG_ADMIN_ROLE;
    const template = admin ? env.CLERK_ADMIN_JWT_TEMPLATE : env.CLERK_JWT_TEMPLATE;
    const key = tokenCacheKey({
      sessionId: session.sessionId,
      userId: session.user.id,
      orgId: session.org.id,
      role: session.org.role,
      template,
    });
    const cached = cache.get(key);
    if (cached) return { status: "ok", ...cached };
    try {
      const minted = await withTimeout(
        cache.getOrMint(key, () => mintToken(session, template, admin, env)),
        MINT_TIMEOUT_MS,
      );
      return { status: "ok", ...minted };
    } catch (error) {
      log(
        mintFailureLine(error, { source: env.tokenSource, template, userId: session.user.id, orgId: session.org.id }),
      );
      return { status: "unavailable" };
    }
  };
}

async function mintToken(session: AuthSession, template: string, admin: boolean, env: TokenEnv): Promise<MintedToken> {
  const minted =
    env.tokenSource === "clerk-template"
      ? await clerkToken(session, template)
      : await selfSigned(session, template, admin, env);
  // The same rules whoever minted it: what the browser gets is the token, not the template it was meant to follow.
  assertTokenPolicy(decodeJwt(minted.token), {
    tenant: { org: session.org!.slug, user: admin ? undefined : session.user.id },
    template,
    maxTtlSeconds: env.TINYBIRD_TOKEN_MAX_TTL_SECONDS ?? DEFAULT_TOKEN_MAX_TTL_SECONDS,
  });
  return minted;
}

async function clerkToken(session: AuthSession, template: string): Promise<MintedToken> {
  if (!session.clerkTemplateToken) throw new Error("the clerk-template token source needs a Clerk session");
  const token = await session.clerkTemplateToken(template);
  if (!token) throw new Error(`Clerk returned no token for JWT template "${template}"`);
  const { exp } = decodeJwt(token);
  if (typeof exp !== "number") throw new Error(`Clerk's "${template}" token has no exp claim`);
  return { token, expiresAt: exp * 1000 };
}

async function selfSigned(session: AuthSession, template: string, admin: boolean, env: TokenEnv): Promise<MintedToken> {
  const variable = admin ? "CLERK_ADMIN_JWT_TEMPLATE" : "CLERK_JWT_TEMPLATE";
  const claims = renderJwtTemplate(jwtTemplate(template, variable), templateContext(session));
  const credentials = await signingCredentials({
    apiUrl: env.NEXT_PUBLIC_TINYBIRD_API_URL,
    workspaceId: env.TINYBIRD_WORKSPACE_ID,
    secret: env.TINYBIRD_JWT_SECRET,
  });
  return signTinybirdJwt(claims, credentials, env.TINYBIRD_JWT_TTL_SECONDS);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One log line with what helps debugging (Clerk's status, error code, trace id) and never a token or key. */
export function mintFailureLine(error: unknown, context: Record<string, string>): string {
  const details: Record<string, string | number | undefined> = { ...context };
  if (error && typeof error === "object") {
    const clerk = error as { status?: number; errors?: Array<{ code?: string }>; clerkTraceId?: string };
    details.status = clerk.status;
    details.code = clerk.errors?.[0]?.code;
    details.clerkTraceId = clerk.clerkTraceId;
  }
  details.reason = error instanceof Error ? error.message : String(error);
  const fields = Object.entries(details)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `[tinybird] token minting failed; serving no token. ${fields.join(" ")}`;
}

let defaultTokenFor: TokenFor | undefined;

/** The middleware's token decision, with one cache per server process. */
export const tokenFor: TokenFor = (session) => {
  defaultTokenFor ??= createTokenFor(serverEnv());
  return defaultTokenFor(session);
};
