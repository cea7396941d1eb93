// Self-signed Tinybird JWTs: HS256 with the workspace admin token, which is how Tinybird verifies them.
import { SignJWT } from "jose/jwt/sign";
import type { JwtTemplate } from "@/lib/tinybird/jwt-templates";

export interface SigningCredentials {
  workspaceId: string;
  secret: string;
}

export interface MintedToken {
  token: string;
  /** Expiry in epoch milliseconds. */
  expiresAt: number;
}

export async function signTinybirdJwt(
  claims: JwtTemplate,
  credentials: SigningCredentials,
  ttlSeconds: number,
  now = Date.now(),
): Promise<MintedToken> {
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ ...claims, workspace_id: credentials.workspaceId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(credentials.secret));
  return { token, expiresAt: exp * 1000 };
}
