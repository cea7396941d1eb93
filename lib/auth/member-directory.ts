// Who the user ids in an organization's analytics are: display names and avatars from Clerk's memberships in Clerk
// mode, from the demo directory in local mode. Ids nobody knows (service accounts, former members) show as they are.
import "server-only";
import { clerkClient } from "@clerk/nextjs/server";
import { ORG_ADMIN_ROLE } from "@/lib/auth/auth-session";
import { LOCAL_USERS } from "@/lib/auth/local-directory";
import type { Viewer } from "@/lib/auth/viewer";

export interface MemberProfile {
  name: string;
  /** A real picture, or null for initials. */
  imageUrl: string | null;
}

/** User id → profile. */
export type MemberDirectory = Record<string, MemberProfile>;

// Names change rarely and the page renders on every navigation: one Backend API round trip per org per minute.
export const MEMBER_DIRECTORY_TTL_MS = 60_000;
// Clerk's largest page; an org with more members than pages × this shows the rest by id.
const PAGE_SIZE = 500;
const MAX_PAGES = 10;
const MAX_CACHED_ORGS = 1000;

const cache = new Map<string, { expiresAt: number; directory: Promise<MemberDirectory> }>();

/** The people behind the ids the viewer's dashboard shows: only org admins see other members' rows. */
export async function memberDirectory(viewer: Viewer): Promise<MemberDirectory> {
  const org = viewer.session.org;
  if (!org || org.role !== ORG_ADMIN_ROLE) return {};
  return viewer.mode === "clerk" ? clerkDirectory(org.id) : localDirectory(org.slug);
}

function localDirectory(orgSlug: string): MemberDirectory {
  return Object.fromEntries(
    LOCAL_USERS.filter((user) => user.memberships.some((membership) => membership.org.slug === orgSlug)).map((user) => [
      user.id,
      { name: `${user.firstName} ${user.lastName}`, imageUrl: null },
    ]),
  );
}

function clerkDirectory(orgId: string): Promise<MemberDirectory> {
  const now = Date.now();
  const cached = cache.get(orgId);
  if (cached && cached.expiresAt > now) return cached.directory;
  const directory = fetchClerkDirectory(orgId).catch((error: unknown) => {
    // Names are a nicety: without them the tables show ids, and the next render asks Clerk again.
    cache.delete(orgId);
    const status = (error as { status?: unknown }).status;
    console.error(`member directory: Clerk memberships for ${orgId} failed (${String(status ?? error)})`);
    return {};
  });
  if (cache.size >= MAX_CACHED_ORGS) cache.delete(cache.keys().next().value!);
  cache.set(orgId, { expiresAt: now + MEMBER_DIRECTORY_TTL_MS, directory });
  return directory;
}

async function fetchClerkDirectory(organizationId: string): Promise<MemberDirectory> {
  const clerk = await clerkClient();
  const directory: MemberDirectory = {};
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { data, totalCount } = await clerk.organizations.getOrganizationMembershipList({
      organizationId,
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
    });
    for (const { publicUserData: user } of data) {
      if (!user?.userId) continue;
      const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.identifier || user.userId;
      directory[user.userId] = { name, imageUrl: user.hasImage ? user.imageUrl : null };
    }
    if (data.length < PAGE_SIZE || (page + 1) * PAGE_SIZE >= totalCount) break;
  }
  return directory;
}
