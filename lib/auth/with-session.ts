// Turns a (request, session) handler into the app's middleware for whichever auth mode this deployment runs.
import { clerkMiddleware } from "@clerk/nextjs/server";
import type { NextMiddleware, NextRequest, NextResponse } from "next/server";
import type { AuthSession } from "@/lib/auth/auth-session";
import { LOCAL_SESSION_COOKIE } from "@/lib/auth/local-session-cookie";
import { localSessionFromCookie } from "@/lib/auth/local-session";
import { serverEnv } from "@/lib/env";

export type SessionHandler = (request: NextRequest, session: AuthSession | null) => Promise<NextResponse>;

interface ClerkAuthState {
  userId: string | null;
  sessionId: string | null;
  orgId?: string | null;
  orgSlug?: string | null;
  orgRole?: string | null;
  getToken: (options: { template: string }) => Promise<string | null>;
}

/** Maps Clerk's auth object to a session; Clerk's session token carries no names, so those stay null. */
export function clerkSession(state: ClerkAuthState): AuthSession | null {
  if (!state.userId || !state.sessionId) return null;
  return {
    sessionId: state.sessionId,
    user: { id: state.userId, firstName: null, lastName: null, email: null },
    org:
      state.orgId && state.orgSlug
        ? { id: state.orgId, slug: state.orgSlug, name: null, role: state.orgRole ?? "org:member" }
        : null,
    clerkTemplateToken: (template) => state.getToken({ template }),
  };
}

export function withSession(handler: SessionHandler): NextMiddleware {
  const env = serverEnv();
  if (env.authMode === "clerk") {
    return clerkMiddleware(async (auth, request) => handler(request, clerkSession(await auth())), {
      // @clerk/nextjs never reads CLERK_JWT_KEY itself; with it, sessions verify with no network call.
      jwtKey: env.CLERK_JWT_KEY,
      signInUrl: env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
    });
  }
  // Refused demo auth reads no cookie at all: whatever a cookie says, and whoever signed it, nobody is signed in.
  if (env.localAuthRefusal) return async (request) => handler(request, null);
  return async (request) =>
    handler(
      request,
      await localSessionFromCookie(request.cookies.get(LOCAL_SESSION_COOKIE)?.value, env.LOCAL_AUTH_SECRET),
    );
}
