import type { MemberProfile } from "@/lib/auth/member-directory";

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase());
  return (letters.length > 1 ? letters[0]! + letters.at(-1)! : (letters[0] ?? "?")).slice(0, 2);
}

/** A member as people know them: avatar and name (the id in the tooltip); an id nobody knows shows as it is. */
export function MemberName({ userId, profile }: { userId: string; profile: MemberProfile | undefined }) {
  if (!profile) {
    return (
      <span className="font-mono text-xs wrap-anywhere" data-testid="member-id">
        {userId}
      </span>
    );
  }
  return (
    <span className="inline-flex min-w-0 items-center gap-2" title={userId} data-testid="member-name">
      {profile.imageUrl ? (
        // A Clerk avatar at 20 px: next/image would need every Clerk image host configured for nothing gained.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={profile.imageUrl}
          alt=""
          width={20}
          height={20}
          className="h-5 w-5 shrink-0 rounded-full"
          data-testid="member-avatar"
        />
      ) : (
        <span
          aria-hidden
          className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-[10px] font-semibold text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
          data-testid="member-initials"
        >
          {initials(profile.name)}
        </span>
      )}
      <span className="truncate">{profile.name}</span>
    </span>
  );
}
