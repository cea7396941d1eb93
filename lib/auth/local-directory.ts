// The demo directory behind local auth: fixed users and organizations, documented in the README and used by tests.
export interface LocalOrganization {
  id: string;
  slug: string;
  name: string;
}

export interface LocalMembership {
  org: LocalOrganization;
  role: "org:admin" | "org:member";
}

export interface LocalUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  memberships: LocalMembership[];
}

const acme: LocalOrganization = { id: "org_local_acme", slug: "acme", name: "Acme" };
const globex: LocalOrganization = { id: "org_local_globex", slug: "globex", name: "Globex" };
const initech: LocalOrganization = { id: "org_local_initech", slug: "initech", name: "Initech" };

export const LOCAL_USERS: readonly LocalUser[] = [
  user("ada", "Ada", "Lovelace", [{ org: acme, role: "org:admin" }]),
  user("grace", "Grace", "Hopper", [
    { org: acme, role: "org:member" },
    { org: globex, role: "org:member" },
  ]),
  user("linus", "Linus", "Torvalds", [{ org: globex, role: "org:admin" }]),
  user("margaret", "Margaret", "Hamilton", [{ org: initech, role: "org:member" }]),
  user("nora", "Nora", "Quinn", []),
];

function user(handle: string, firstName: string, lastName: string, memberships: LocalMembership[]): LocalUser {
  return { id: `user_local_${handle}`, firstName, lastName, email: `${handle}@example.com`, memberships };
}

export function findLocalUser(userId: string): LocalUser | undefined {
  return LOCAL_USERS.find((candidate) => candidate.id === userId);
}

export function findMembership(user: LocalUser, orgSlug: string): LocalMembership | undefined {
  return user.memberships.find((membership) => membership.org.slug === orgSlug);
}
