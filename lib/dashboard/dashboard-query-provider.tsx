"use client";
// What every widget queries: the URL state the server page validated, with the timezone resolved in the browser.
import { createContext, useMemo, type ReactNode } from "react";
import type { DashboardState } from "@/lib/dashboard/dashboard-search-params";
import type { TimeRange } from "@/lib/dashboard/time-range";
import { useBrowserTimezone } from "@/lib/dashboard/use-browser-timezone";

export interface DashboardQuery {
  state: DashboardState;
  range: TimeRange;
  /** The URL's timezone, else the browser's; null until the browser's is known (server render, hydration). */
  timezone: string | null;
  compare: boolean;
}

export const DashboardQueryContext = createContext<DashboardQuery | null>(null);

export function DashboardQueryProvider({ state, children }: { state: DashboardState; children: ReactNode }) {
  const browserTimezone = useBrowserTimezone();
  const timezone = state.tz ?? browserTimezone;
  const query = useMemo(
    () => ({ state, range: state.range, timezone, compare: state.compare }),
    [state, timezone],
  );
  return <DashboardQueryContext.Provider value={query}>{children}</DashboardQueryContext.Provider>;
}
