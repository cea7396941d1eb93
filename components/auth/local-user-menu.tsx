"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { endLocalSession } from "@/lib/auth/local-auth-client";
import { Button } from "@/components/ui/button";

/** Stands in for Clerk's <UserButton/> in local mode. */
export function LocalUserMenu({ name, email }: { name: string; email: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex min-w-0 items-center gap-2 sm:gap-3">
      {/* A phone has room for the org and Sign out only; the button's title still says who is signed in. */}
      <span className="hidden min-w-0 text-right text-sm leading-tight sm:block">
        <span className="block font-medium" data-testid="user-name">
          {name}
        </span>
        {email && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{email}</span>}
      </span>
      <Button
        variant="secondary"
        size="sm"
        className="shrink-0 whitespace-nowrap"
        data-testid="sign-out"
        title={`Signed in as ${name}`}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await endLocalSession();
            router.push("/");
            router.refresh();
          })
        }
      >
        Sign out
      </Button>
    </div>
  );
}
