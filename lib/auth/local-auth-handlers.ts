// POST/DELETE /api/local-auth/session: sign in or switch org, and sign out. Absent (404) in Clerk mode.
import { NextResponse, type NextRequest } from "next/server";
import { serverEnv } from "@/lib/env";
import {
  decodeLocalSession,
  encodeLocalSession,
  LOCAL_SESSION_COOKIE,
  localSessionCookieOptions,
} from "@/lib/auth/local-session-cookie";
import { localSignIn } from "@/lib/auth/local-session";

function notInLocalMode(): NextResponse {
  return NextResponse.json({ error: "Local demo auth is off: this deployment uses Clerk" }, { status: 404 });
}

function refused(reason: string): NextResponse {
  console.error(`[local-auth] Demo sign-in refused. ${reason}`);
  return NextResponse.json({ error: `Demo sign-in is refused. ${reason}` }, { status: 403 });
}

function newSessionId(): string {
  return `sess_local_${crypto.randomUUID().replaceAll("-", "")}`;
}

export async function handleLocalSignIn(request: NextRequest): Promise<NextResponse> {
  const env = serverEnv();
  if (env.authMode !== "local") return notInLocalMode();
  if (env.localAuthRefusal) return refused(env.localAuthRefusal);
  // A JSON content type can't be sent cross-site without a CORS preflight, which this route never grants.
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return NextResponse.json({ error: "Send Content-Type: application/json" }, { status: 415 });
  }
  const body: unknown = await request.json().catch(() => undefined);
  const current = await decodeLocalSession(request.cookies.get(LOCAL_SESSION_COOKIE)?.value, env.LOCAL_AUTH_SECRET);
  const result = localSignIn(body, current, newSessionId);
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: 400 });
  const response = NextResponse.json({ userId: result.payload.userId, orgSlug: result.payload.orgSlug });
  response.cookies.set(
    LOCAL_SESSION_COOKIE,
    await encodeLocalSession(result.payload, env.LOCAL_AUTH_SECRET),
    localSessionCookieOptions(env.build === "production-build"),
  );
  return response;
}

export async function handleLocalSignOut(): Promise<NextResponse> {
  const env = serverEnv();
  if (env.authMode !== "local") return notInLocalMode();
  const response = NextResponse.json({ signedOut: true });
  response.cookies.set(LOCAL_SESSION_COOKIE, "", {
    ...localSessionCookieOptions(env.build === "production-build"),
    maxAge: 0,
  });
  return response;
}
