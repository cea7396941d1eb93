import type { ReactNode } from "react";
import { LocalOrgChoice } from "@/components/auth/local-org-choice";
import type { Viewer } from "@/lib/auth/viewer";

/**
 * What a signed-in user without an active organization can do: Clerk's create/join flow, or the demo's choices.
 * Awaited by the page, not an async component (why: auth-provider.tsx).
 */
export async function noOrganization(viewer: Viewer): Promise<ReactNode> {
  if (viewer.mode === "clerk") {
    // Imported only in Clerk mode (what that saves and doesn't: auth-provider.tsx).
    const { ClerkOrgChoice } = await import("@/components/auth/clerk-org-choice");
    return <ClerkOrgChoice />;
  }
  const { user } = viewer.session;
  return (
    <LocalOrgChoice
      userId={user.id}
      firstName={user.firstName ?? user.id}
      orgs={viewer.memberships.map(({ org, role }) => ({ slug: org.slug, name: org.name, role }))}
    />
  );
}
