// Who is looking, for Server Components: names and memberships for the header (local mode), ids for Clerk mode.
import "server-only";
import { auth } from "@clerk/nextjs/server";
import { cookies } from "next/headers";
import { serverEnv, type AuthMode } from "@/lib/env";
import { findLocalUser, type LocalMembership } from "@/lib/auth/local-directory";
import { LOCAL_SESSION_COOKIE } from "@/lib/auth/local-session-cookie";
import { localSessionFromCookie } from "@/lib/auth/local-session";
import type { AuthSession } from "@/lib/auth/auth-session";
import { clerkSession } from "@/lib/auth/with-session";

export interface Viewer {
  mode: AuthMode;
  session: AuthSession;
  /** Local mode: every org the user may switch to. Clerk mode: empty, <OrganizationSwitcher/> knows them. */
  memberships: LocalMembership[];
}

export async function getViewer(): Promise<Viewer | null> {
  const env = serverEnv();
  if (env.authMode === "clerk") {
    const session = clerkSession(await auth());
    return session && { mode: "clerk", session, memberships: [] };
  }
  if (env.localAuthRefusal) return null;
  const session = await localSessionFromCookie(
    (await cookies()).get(LOCAL_SESSION_COOKIE)?.value,
    env.LOCAL_AUTH_SECRET,
  );
  if (!session) return null;
  return { mode: "local", session, memberships: findLocalUser(session.user.id)?.memberships ?? [] };
}

export function authMode(): AuthMode {
  return serverEnv().authMode;
}

/** Local mode: why demo sign-in is refused here (naming the variables to set), or null when it may run. */
export function localAuthRefusal(): string | null {
  return serverEnv().localAuthRefusal;
}
