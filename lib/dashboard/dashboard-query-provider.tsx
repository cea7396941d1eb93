"use client";
// What every widget queries: the URL state the server page validated, with the timezone resolved in the browser.
import { createContext, useMemo, type ReactNode } from "react";
import type { DashboardState } from "@/lib/dashboard/dashboard-href";
import type { TimeRange } from "@/lib/dashboard/time-range";
import { useBrowserTimezone } from "@/lib/dashboard/use-browser-timezone";

export interface DashboardQuery {
  state: DashboardState;
  range: TimeRange;
  /** The URL's timezone, else the browser's; null until the browser's is known (first visit: until hydrated). */
  timezone: string | null;
  browserTimezone: string | null;
  compare: boolean;
}

export const DashboardQueryContext = createContext<DashboardQuery | null>(null);

export function DashboardQueryProvider({
  state,
  rememberedTimezone,
  children,
}: {
  state: DashboardState;
  /** The browser's timezone as its cookie told the server (see useBrowserTimezone). */
  rememberedTimezone: string | null;
  children: ReactNode;
}) {
  const browserTimezone = useBrowserTimezone(rememberedTimezone);
  const timezone = state.tz ?? browserTimezone;
  const query = useMemo(
    () => ({ state, range: state.range, timezone, browserTimezone, compare: state.compare }),
    [state, timezone, browserTimezone],
  );
  return <DashboardQueryContext.Provider value={query}>{children}</DashboardQueryContext.Provider>;
}
