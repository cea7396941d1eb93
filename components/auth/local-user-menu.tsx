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
    <div className="flex items-center gap-3">
      <span className="text-right text-sm leading-tight">
        <span className="block font-medium" data-testid="user-name">
          {name}
        </span>
        {email && <span className="block text-xs text-zinc-500">{email}</span>}
      </span>
      <Button
        variant="secondary"
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
