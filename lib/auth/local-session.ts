// Local auth decisions: who a cookie names, and whether a sign-in or org switch is allowed.
import { z } from "zod";
import type { AuthSession } from "@/lib/auth/auth-session";
import { findLocalUser, findMembership } from "@/lib/auth/local-directory";
import { decodeLocalSession, type LocalSessionPayload } from "@/lib/auth/local-session-cookie";

/** A cookie payload resolved against the directory; an unknown user is signed out, a lost membership has no org. */
export function resolveLocalSession(payload: LocalSessionPayload | null): AuthSession | null {
  if (!payload) return null;
  const user = findLocalUser(payload.userId);
  if (!user) return null;
  const membership = payload.orgSlug ? findMembership(user, payload.orgSlug) : undefined;
  return {
    sessionId: payload.sessionId,
    user: { id: user.id, firstName: user.firstName, lastName: user.lastName, email: user.email },
    org: membership
      ? { id: membership.org.id, slug: membership.org.slug, name: membership.org.name, role: membership.role }
      : null,
  };
}

/** The session a local_session cookie value stands for, or null (missing, tampered, expired, unknown user). */
export async function localSessionFromCookie(value: string | undefined, secret: string): Promise<AuthSession | null> {
  return resolveLocalSession(await decodeLocalSession(value, secret));
}

const signInRequest = z.object({
  userId: z.string({ error: "userId must be a string" }).min(1, "userId must not be empty"),
  orgSlug: z.string({ error: "orgSlug must be a string or null" }).min(1).nullish(),
});

export type LocalSignInResult = { ok: true; payload: LocalSessionPayload } | { ok: false; error: string };

/**
 * Signs a user in, or switches the active org of the current session. Without `orgSlug` a new sign-in picks the
 * user's first organization (none for users without one); `orgSlug: null` clears it.
 */
export function localSignIn(
  body: unknown,
  current: LocalSessionPayload | null,
  newSessionId: () => string,
): LocalSignInResult {
  const parsed = signInRequest.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      error: `Expected JSON {"userId": string, "orgSlug"?: string}: ${parsed.error.issues[0]?.message}`,
    };
  }
  const { userId, orgSlug } = parsed.data;
  const user = findLocalUser(userId);
  if (!user) return { ok: false, error: `Unknown user "${userId}"; see the demo directory on /sign-in` };
  if (orgSlug && !findMembership(user, orgSlug)) {
    return { ok: false, error: `User "${userId}" is not a member of organization "${orgSlug}"` };
  }
  const sameUser = current?.userId === userId;
  const activeOrg =
    orgSlug !== undefined ? orgSlug : sameUser ? current.orgSlug : (user.memberships[0]?.org.slug ?? null);
  return {
    ok: true,
    payload: { userId, orgSlug: activeOrg, sessionId: sameUser ? current.sessionId : newSessionId() },
  };
}
