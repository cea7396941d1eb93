"use client";
import { useOutage } from "@/lib/tinybird/client/pipe-health";

/** One notice for the page when several widgets fail the same way: the outage, not nine copies of it. */
export function OutageBanner() {
  if (!useOutage()) return null;
  return (
    <div
      role="status"
      data-testid="outage-banner"
      className="flex items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <span
        aria-hidden
        className="h-2 w-2 shrink-0 animate-pulse rounded-full bg-amber-500 motion-reduce:animate-none"
      />
      <p>
        <span className="font-medium">Reconnecting to analytics…</span>{" "}
        <span className="text-amber-900 dark:text-amber-200">
          Widgets keep the last data they got and refresh on their own when it&apos;s back.
        </span>
      </p>
    </div>
  );
}
