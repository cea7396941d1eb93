import { OrganizationSwitcher, UserButton } from "@clerk/nextjs";

/** Clerk's org switcher and user menu; imported only in Clerk mode so local mode ships none of Clerk's code. */
export function ClerkAccountControls() {
  return (
    <div className="flex min-w-0 items-center gap-2 sm:gap-4">
      <OrganizationSwitcher hidePersonal afterSelectOrganizationUrl="/dashboard" />
      <UserButton />
    </div>
  );
}
