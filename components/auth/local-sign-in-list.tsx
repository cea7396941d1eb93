"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { startLocalSession } from "@/lib/auth/local-auth-client";

export interface DirectoryEntry {
  id: string;
  name: string;
  email: string;
  memberships: string;
}

export function LocalSignInList({ users }: { users: DirectoryEntry[] }) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(userId: string) {
    setPending(userId);
    setError(null);
    try {
      await startLocalSession({ userId });
      router.push("/dashboard");
      router.refresh();
    } catch (failure) {
      setError((failure as Error).message);
      setPending(null);
    }
  }

  return (
    <div className="space-y-3">
      <ul className="divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white">
        {users.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              data-testid={`sign-in-as-${user.id}`}
              disabled={pending !== null}
              onClick={() => void signIn(user.id)}
              className="flex w-full items-center justify-between gap-4 px-4 py-3 text-left hover:bg-zinc-50 disabled:opacity-60"
            >
              <span>
                <span className="block font-medium">{user.name}</span>
                <span className="block text-sm text-zinc-500">{user.email}</span>
              </span>
              <span className="text-right text-xs text-zinc-500">{user.memberships}</span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
