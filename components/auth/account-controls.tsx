import type { ReactNode } from "react";
import { LocalOrgSwitcher } from "@/components/auth/local-org-switcher";
import { LocalUserMenu } from "@/components/auth/local-user-menu";
import type { Viewer } from "@/lib/auth/viewer";

/**
 * Org switcher and user menu: Clerk's components, or their local-mode stand-ins. Awaited by the layout, not an async
 * component (why: auth-provider.tsx).
 */
export async function accountControls(viewer: Viewer): Promise<ReactNode> {
  if (viewer.mode === "clerk") {
    // Imported only in Clerk mode (what that saves and doesn't: auth-provider.tsx).
    const { ClerkAccountControls } = await import("@/components/auth/clerk-account-controls");
    return <ClerkAccountControls />;
  }
  const { user, org } = viewer.session;
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.id;
  return (
    <div className="flex min-w-0 items-center gap-2 sm:gap-4">
      <LocalOrgSwitcher
        userId={user.id}
        activeSlug={org?.slug ?? null}
        orgs={viewer.memberships.map(({ org: option, role }) => ({ slug: option.slug, name: option.name, role }))}
      />
      <LocalUserMenu name={name} email={user.email} />
    </div>
  );
}
