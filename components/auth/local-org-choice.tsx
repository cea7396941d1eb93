"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { OrgOption } from "@/components/auth/local-org-switcher";
import { Button } from "@/components/ui/button";
import { endLocalSession, startLocalSession } from "@/lib/auth/local-auth-client";

/**
 * Local mode's answer to "no organization": open one of the user's organizations, or, for a user in none (the demo
 * directory's organizations are fixed), sign in as a demo user who belongs to one.
 */
export function LocalOrgChoice({ userId, firstName, orgs }: { userId: string; firstName: string; orgs: OrgOption[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  if (orgs.length === 0) {
    return (
      <div className="space-y-3 text-sm" data-testid="no-org-choice">
        <p className="text-zinc-700 dark:text-zinc-300">
          {firstName} isn&apos;t a member of any organization. The demo&apos;s organizations are fixed, so to see
          analytics, sign in as someone who belongs to one. With Clerk, this is where you would create or join one.
        </p>
        <Button
          variant="primary"
          data-testid="no-org-switch-user"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await endLocalSession();
              router.push("/sign-in");
            })
          }
        >
          Sign in as another demo user
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap gap-2" data-testid="no-org-choice">
      {orgs.map((org) => (
        <Button
          key={org.slug}
          variant="secondary"
          data-testid={`no-org-open-${org.slug}`}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await startLocalSession({ userId, orgSlug: org.slug });
              router.refresh();
            })
          }
        >
          Open {org.name} ({org.role.replace("org:", "")})
        </Button>
      ))}
    </div>
  );
}
