// The local-auth session cookie: a compact HS256 JWT, so a tampered or foreign cookie simply reads as signed out.
import { SignJWT } from "jose/jwt/sign";
import { jwtVerify } from "jose/jwt/verify";

export const LOCAL_SESSION_COOKIE = "local_session";
export const LOCAL_SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export interface LocalSessionPayload {
  userId: string;
  sessionId: string;
  orgSlug: string | null;
}

const encoder = new TextEncoder();

export async function encodeLocalSession(
  payload: LocalSessionPayload,
  secret: string,
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ sid: payload.sessionId, org: payload.orgSlug })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(payload.userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LOCAL_SESSION_MAX_AGE_SECONDS)
    .sign(encoder.encode(secret));
}

/** The cookie's payload, or null for anything not signed with `secret`, expired or malformed. */
export async function decodeLocalSession(
  value: string | undefined,
  secret: string,
  now = Date.now(),
): Promise<LocalSessionPayload | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtVerify(value, encoder.encode(secret), {
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    const orgSlug = typeof payload.org === "string" ? payload.org : null;
    return { userId: payload.sub, sessionId: payload.sid, orgSlug };
  } catch {
    return null;
  }
}

export function localSessionCookieOptions(secure: boolean) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: LOCAL_SESSION_MAX_AGE_SECONDS,
  };
}
