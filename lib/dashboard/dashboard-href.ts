// The dashboard's URL state, written for links and the controls: a copied link reproduces the view. Parsing and
// validation live on the server (dashboard-search-params.ts); this module stays small for the browser.
import { DEFAULT_PRESET, type TimeRange } from "@/lib/dashboard/time-range";

export interface DashboardState {
  range: TimeRange;
  /** IANA timezone from the URL; null means the browser's. */
  tz: string | null;
  compare: boolean;
}

export const DEFAULT_DASHBOARD_STATE: DashboardState = { range: { preset: DEFAULT_PRESET }, tz: null, compare: false };

/** The URL query for a state, leaving defaults out. */
export function dashboardSearchParams(state: DashboardState): URLSearchParams {
  const params = new URLSearchParams();
  if ("preset" in state.range) {
    if (state.range.preset !== DEFAULT_PRESET) params.set("range", state.range.preset);
  } else {
    params.set("from", state.range.from);
    params.set("to", state.range.to);
  }
  if (state.tz) params.set("tz", state.tz);
  if (state.compare) params.set("compare", "1");
  return params;
}

export function dashboardHref(state: DashboardState): string {
  const query = dashboardSearchParams(state).toString();
  return query ? `/dashboard?${query}` : "/dashboard";
}
