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
      <span className="min-w-0 text-right text-sm leading-tight">
        <span className="block max-w-[7rem] truncate font-medium sm:max-w-none" data-testid="user-name" title={name}>
          {name}
        </span>
        {email && <span className="hidden text-xs text-zinc-500 sm:block dark:text-zinc-400">{email}</span>}
      </span>
      <Button
        variant="secondary"
        size="sm"
        className="shrink-0 whitespace-nowrap"
        data-testid="sign-out"
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
