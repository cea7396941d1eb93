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

// Importing the HMAC key is a third of the signing cost; one workspace key per process, so keep the last one.
let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (lastKey?.secret !== secret) {
    const raw = new TextEncoder().encode(secret);
    lastKey = { secret, key: crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]) };
  }
  return lastKey.key;
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
    .sign(await hmacKey(credentials.secret));
  return { token, expiresAt: exp * 1000 };
}
