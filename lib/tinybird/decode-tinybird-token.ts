// Reads (never verifies) a Tinybird JWT's claims for display; Tinybird does the verifying.
import { decodeJwt } from "jose/jwt/decode";

export interface TinybirdScope {
  type: string;
  resource: string;
  fixed_params?: Record<string, unknown>;
}

export interface TinybirdClaims {
  name?: string;
  workspace_id?: string;
  exp?: number;
  iat?: number;
  scopes: TinybirdScope[];
  limits?: { rps?: number };
  [claim: string]: unknown;
}

export function decodeTinybirdToken(token: string): TinybirdClaims | null {
  try {
    const claims = decodeJwt(token) as Partial<TinybirdClaims>;
    return { ...claims, scopes: Array.isArray(claims.scopes) ? claims.scopes : [] };
  } catch {
    return null;
  }
}

/** The fixed params every scope shares (the tenant filter), e.g. {org, user}; differing values are left out. */
export function commonFixedParams(scopes: TinybirdScope[]): Record<string, unknown> {
  const [first, ...rest] = scopes;
  if (!first?.fixed_params) return {};
  return Object.fromEntries(
    Object.entries(first.fixed_params).filter(([key, value]) =>
      rest.every((scope) => JSON.stringify(scope.fixed_params?.[key]) === JSON.stringify(value)),
    ),
  );
}
