"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/developer", label: "Developer" },
] as const;

export function DashboardTabs() {
  const pathname = usePathname();
  return (
    <nav className="flex gap-1" aria-label="Dashboard">
      {TABS.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            // A prefetch renders the other tab on the server right when the dashboard's queries run, and competes
            // with them for CPU; a tab switch costs one round trip instead.
            prefetch={false}
            aria-current={active ? "page" : undefined}
            className={`border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 ${active ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100" : "border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
