import { OrganizationList } from "@clerk/nextjs";

/** Clerk's own list: join an organization you're invited to or a suggested one, or create one. */
export function ClerkOrgChoice() {
  return (
    <div data-testid="clerk-organization-list">
      <OrganizationList hidePersonal afterSelectOrganizationUrl="/dashboard" afterCreateOrganizationUrl="/dashboard" />
    </div>
  );
}
