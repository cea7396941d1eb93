"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { startLocalSession } from "@/lib/auth/local-auth-client";

export interface OrgOption {
  slug: string;
  name: string;
  role: string;
}

/** Stands in for Clerk's <OrganizationSwitcher/> in local mode. */
export function LocalOrgSwitcher({
  userId,
  activeSlug,
  orgs,
}: {
  userId: string;
  activeSlug: string | null;
  orgs: OrgOption[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  if (orgs.length === 0) {
    return (
      <span className="whitespace-nowrap text-sm text-zinc-500 dark:text-zinc-400" data-testid="org-switcher-empty">
        No organization
      </span>
    );
  }
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only">Organization</span>
      <select
        data-testid="org-switcher"
        value={activeSlug ?? ""}
        disabled={pending}
        onChange={(event) => {
          const orgSlug = event.target.value || null;
          startTransition(async () => {
            await startLocalSession({ userId, orgSlug });
            router.refresh();
          });
        }}
        className="max-w-[10rem] truncate rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-medium text-zinc-900 sm:max-w-none dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {activeSlug === null && <option value="">Choose an organization…</option>}
        {orgs.map((org) => (
          <option key={org.slug} value={org.slug}>
            {org.name} ({org.role.replace("org:", "")})
          </option>
        ))}
      </select>
    </label>
  );
}
