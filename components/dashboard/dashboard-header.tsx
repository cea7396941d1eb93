import Link from "next/link";
import { AccountControls } from "@/components/auth/account-controls";
import { DashboardTabs } from "@/components/dashboard/dashboard-tabs";
import type { Viewer } from "@/lib/auth/viewer";

export function DashboardHeader({ viewer }: { viewer: Viewer }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 pt-4">
        <Link href="/dashboard" className="font-semibold tracking-tight">
          API usage analytics
        </Link>
        <AccountControls viewer={viewer} />
      </div>
      <div className="mx-auto max-w-6xl px-6 pt-2">
        <DashboardTabs />
      </div>
    </header>
  );
}
