import Link from "next/link";
import type { ReactNode } from "react";
import { DashboardTabs } from "@/components/dashboard/dashboard-tabs";
import { ThemeToggle } from "@/components/dashboard/theme-toggle";
import type { Theme } from "@/lib/dashboard/theme";

/** `accountControls`: the org switcher and user menu (accountControls(viewer), awaited by the layout). */
export function DashboardHeader({ accountControls, theme }: { accountControls: ReactNode; theme: Theme }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      {/* On a phone the brand and the controls take a row each; nothing inside either row wraps. */}
      <div
        className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 pt-3 sm:px-6 sm:pt-4"
        data-testid="dashboard-header"
      >
        <Link href="/dashboard" className="whitespace-nowrap font-semibold tracking-tight">
          API usage analytics
        </Link>
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          <ThemeToggle initial={theme} />
          {accountControls}
        </div>
      </div>
      <div className="mx-auto max-w-7xl px-4 pt-2 sm:px-6">
        <DashboardTabs />
      </div>
    </header>
  );
}
