import { createHmac, timingSafeEqual } from "node:crypto";

export interface JwtScope {
  type?: unknown;
  resource?: unknown;
  fixed_params?: unknown;
}

export interface JwtPayload {
  workspace_id?: unknown;
  name?: unknown;
  exp?: unknown;
  nbf?: unknown;
  scopes?: unknown;
  limits?: { rps?: unknown };
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

/**
 * Reads a Tinybird JWT the way Tinybird does (docs/tinybird-compat.md §2.2): the workspace comes from the
 * unverified payload, then the token must be HS256-signed with that workspace's admin token and carry a future
 * `exp`. Returns the payload, or the reason it is rejected (PyJWT's wording).
 */
export function verifyJwt(
  token: string,
  workspace: { id: string; signingKey: string },
  nowSeconds: number,
): { payload: JwtPayload } | { error: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { error: "Not enough segments" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: { alg?: unknown };
  let payload: JwtPayload;
  try {
    header = decodeSegment(headerPart) as { alg?: unknown };
    payload = decodeSegment(payloadPart) as JwtPayload;
  } catch {
    return { error: "Invalid header or payload padding" };
  }
  if (typeof payload !== "object" || payload === null)
    return { error: "Invalid payload string: must be a json object" };
  if (!payload.workspace_id) return { error: "Workspace ID missing in JWT token" };
  if (payload.workspace_id !== workspace.id)
    return { error: `Workspace with ID ${String(payload.workspace_id)} not found` };
  if (header.alg !== "HS256") return { error: "The specified alg value is not allowed" };
  const expected = createHmac("sha256", workspace.signingKey).update(`${headerPart}.${payloadPart}`).digest();
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { error: "Signature verification failed" };
  }
  if (payload.exp === undefined) return { error: 'Token is missing the "exp" claim' };
  if (typeof payload.exp !== "number") return { error: "Expiration Time claim (exp) must be an integer." };
  if (payload.exp <= nowSeconds) return { error: "Signature has expired" };
  if (typeof payload.nbf === "number" && payload.nbf > nowSeconds) return { error: "The token is not yet valid (nbf)" };
  return { payload };
}

/** Signs a Tinybird JWT (HS256 with the workspace admin token), as `POST /v0/tokens` does. */
export function signJwt(payload: Record<string, unknown>, signingKey: string): string {
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", signingKey).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}
