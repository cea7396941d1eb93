// Every overview widget's first result, fetched in parallel when a browser loads the page, with exactly the keys
// the widgets' hooks build (lib/dashboard/widget-queries.ts), so hydration finds them in SWR's fallback.
import "server-only";
import { headers } from "next/headers";
import type { DashboardState } from "@/lib/dashboard/dashboard-href";
import {
  liveKey,
  rangedKey,
  rangedParams,
  RECENT_REQUESTS_PARAMS,
  LIVE_MINUTES,
  TOP_ROUTES_LIMIT,
} from "@/lib/dashboard/widget-queries";
import { serverEnv } from "@/lib/env";
import type { PipeDefinition } from "@/lib/tinybird/define-pipe";
import {
  latencyOverTime,
  liveRequests,
  memberUsage,
  recentRequests,
  regions,
  requestsOverTime,
  statusCodes,
  topRoutes,
  usageKpis,
} from "@/lib/tinybird/pipes";
import type { PendingSeed } from "@/lib/tinybird/client/pipe-seeds";
import { prefetchPipe, type PrefetchOptions } from "@/lib/tinybird/server/prefetch-pipe";
import { revealTogether } from "@/lib/tinybird/server/reveal-together";
import { requestToken } from "@/lib/tinybird/server/request-token";
import { tokenTenant } from "@/lib/tinybird/token-tenant";

export type DashboardWidget =
  | "kpis"
  | "requestsOverTime"
  | "live"
  | "latency"
  | "statusCodes"
  | "topRoutes"
  | "regions"
  | "members"
  | "recentRequests";

export type DashboardSeeds = Record<DashboardWidget, PendingSeed[]>;

const NONE: DashboardSeeds = {
  kpis: [],
  requestsOverTime: [],
  live: [],
  latency: [],
  statusCodes: [],
  topRoutes: [],
  regions: [],
  members: [],
  recentRequests: [],
};

// Next's client sends this on its own fetches (soft navigations, refresh, prefetch), never on a page load.
const RSC_HEADER = "rsc";

/**
 * The seeds for a page load of the overview; none for a soft navigation (the widgets are hydrated and fetch their
 * new keys at once), without a token, with DASHBOARD_PREFETCH_MS=0, or before the browser's timezone is known (a
 * guess would give keys the browser doesn't build).
 */
export async function dashboardSeeds(
  state: DashboardState,
  rememberedTimezone: string | null,
): Promise<DashboardSeeds> {
  const budgetMs = serverEnv().DASHBOARD_PREFETCH_MS;
  const timezone = state.tz ?? rememberedTimezone;
  if (budgetMs === 0 || timezone === null || (await headers()).get(RSC_HEADER) !== null) return NONE;
  const token = await requestToken();
  const tenant = token.status === "ok" ? tokenTenant(token.token) : null;
  if (token.status !== "ok" || !tenant) return NONE;

  const options: PrefetchOptions = { token: token.token, tenant, budgetMs };
  const now = new Date();
  const ranged = (pipe: PipeDefinition, extra?: Record<string, unknown>, previous = false) => {
    const key = rangedKey(extra, state.range, timezone, previous);
    return prefetchPipe(pipe, key, rangedParams(key, now), options);
  };
  const live = (pipe: PipeDefinition, extra: Record<string, unknown>) => {
    const key = liveKey(extra, timezone);
    return prefetchPipe(pipe, key, key, options);
  };

  const kpis = ranged(usageKpis);
  const recent = live(recentRequests, RECENT_REQUESTS_PARAMS);
  return revealTogether({
    kpis: [kpis],
    requestsOverTime: [ranged(requestsOverTime), ...(state.compare ? [ranged(requestsOverTime, undefined, true)] : [])],
    live: [live(liveRequests, { minutes: LIVE_MINUTES })],
    latency: [ranged(latencyOverTime)],
    statusCodes: [ranged(statusCodes)],
    topRoutes: [ranged(topRoutes, { limit: TOP_ROUTES_LIMIT })],
    regions: [ranged(regions)],
    // Only admins' tokens read every member; a member's card doesn't render.
    members: tenant.user === null ? [ranged(memberUsage)] : [],
    recentRequests: [recent],
  });
}
