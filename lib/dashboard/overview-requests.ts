// What the overview asks Tinybird for, in one place for the widgets' hooks (in the browser) and the page's prefetch
// (on the server): each widget's fixed params, and how a ranged or live query becomes a pipe's params.
import { resolveRange, type TimeRange } from "@/lib/dashboard/time-range";
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

export const TOP_ROUTES_LIMIT = 10;
export const LIVE_MINUTES = 5;
export const RECENT_REQUESTS_PARAMS = { limit: 20 } as const;

/** A ranged widget's SWR key params: the range as the URL says it (a preset stays a preset), not resolved dates. */
export interface RangedKey {
  range: TimeRange;
  timezone: string;
  previous?: true;
  [param: string]: unknown;
}

export function rangedKey(extra: object | undefined, range: TimeRange, timezone: string, previous = false): RangedKey {
  return { ...extra, range, timezone, ...(previous ? { previous: true as const } : {}) };
}

export function liveKey(extra: object | undefined, timezone: string): Record<string, unknown> {
  return { ...extra, timezone };
}

/** A ranged key's pipe params at `now`: a preset resolves to the minute it is requested in. */
export function rangedParams({ range, timezone, previous, ...rest }: RangedKey, now: Date): Record<string, unknown> {
  return { ...rest, timezone, ...resolveRange(range, timezone, now, previous === true) };
}

export interface OverviewQuery {
  range: TimeRange;
  timezone: string;
  compare: boolean;
  /** An org-wide (admin) token: the members widget shows. */
  admin: boolean;
}

/** Every request the overview's widgets make when it loads, as [pipe, params] at `now`. */
export function overviewRequests(query: OverviewQuery, now: Date): Array<[PipeDefinition, Record<string, unknown>]> {
  const ranged = (extra?: object, previous = false) => rangedParams(rangedKey(extra, query.range, query.timezone, previous), now);
  const live = (extra?: object) => liveKey(extra, query.timezone);
  return [
    [usageKpis, ranged()],
    [requestsOverTime, ranged()],
    ...(query.compare ? [[requestsOverTime, ranged(undefined, true)] as [PipeDefinition, Record<string, unknown>]] : []),
    [liveRequests, live({ minutes: LIVE_MINUTES })],
    [latencyOverTime, ranged()],
    [statusCodes, ranged()],
    [topRoutes, ranged({ limit: TOP_ROUTES_LIMIT })],
    [regions, ranged()],
    ...(query.admin ? [[memberUsage, ranged()] as [PipeDefinition, Record<string, unknown>]] : []),
    [recentRequests, live(RECENT_REQUESTS_PARAMS)],
  ];
}
