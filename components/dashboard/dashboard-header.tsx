import Link from "next/link";
import { AccountControls } from "@/components/auth/account-controls";
import { DashboardTabs } from "@/components/dashboard/dashboard-tabs";
import { ThemeToggle } from "@/components/dashboard/theme-toggle";
import type { Viewer } from "@/lib/auth/viewer";
import type { Theme } from "@/lib/dashboard/theme";

export function DashboardHeader({ viewer, theme }: { viewer: Viewer; theme: Theme }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 pt-4 sm:px-6">
        <Link href="/dashboard" className="font-semibold tracking-tight">
          API usage analytics
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <ThemeToggle initial={theme} />
          {/* The local org switcher is a white <select>: keep its text dark in the dark theme. */}
          <div className="[&_select]:text-zinc-900">
            <AccountControls viewer={viewer} />
          </div>
        </div>
      </div>
      <div className="mx-auto max-w-7xl px-4 pt-2 sm:px-6">
        <DashboardTabs />
      </div>
    </header>
  );
}
