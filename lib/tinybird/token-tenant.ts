// Which tenant a Tinybird token reads: the org (and, for members, the user) its fixed params pin. Decoded, not
// verified: it only labels cache keys and guards against showing one tenant's rows under another's.
import { commonFixedParams, decodeTinybirdToken } from "@/lib/tinybird/decode-tinybird-token";

export interface TokenTenant {
  org: string;
  /** The member the token is pinned to; null for an org-wide (admin) token. */
  user: string | null;
}

export function tokenTenant(token: string): TokenTenant | null {
  const claims = decodeTinybirdToken(token);
  if (!claims) return null;
  const fixed = commonFixedParams(claims.scopes);
  if (typeof fixed.org !== "string" || fixed.org === "") return null;
  return { org: fixed.org, user: typeof fixed.user === "string" && fixed.user !== "" ? fixed.user : null };
}

export function sameTenant(a: TokenTenant | null, b: TokenTenant | null): boolean {
  return a !== null && b !== null && a.org === b.org && a.user === b.user;
}

/** A stable string for the tenant, e.g. to remount a cache per tenant. */
export function tenantKey(tenant: TokenTenant | null): string {
  return tenant ? `${tenant.org}\u0000${tenant.user ?? "*"}` : "none";
}
