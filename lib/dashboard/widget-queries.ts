// What the widgets ask their pipes for, in one place the browser's hooks and the server's prefetch both read: the
// SWR key's params (what the result depends on) and the pipe params a key resolves to when the request is made.
import { resolveRange, type TimeRange } from "@/lib/dashboard/time-range";

export const TOP_ROUTES_LIMIT = 10;
export const LIVE_MINUTES = 5;
/** Shared by the recent-requests card and the empty-state check, so both read one cached response. */
export const RECENT_REQUESTS_PARAMS = { limit: 20 } as const;

export interface RangedKey {
  range: TimeRange;
  timezone: string;
  previous?: true;
  [param: string]: unknown;
}

/** A ranged pipe's key params: `previous` asks for the period of equal length before the range. */
export function rangedKey(
  extra: Record<string, unknown> | undefined,
  range: TimeRange,
  timezone: string,
  previous = false,
): RangedKey {
  return { ...extra, range, timezone, ...(previous ? { previous: true as const } : {}) };
}

/** The params a ranged key sends at `now`: presets resolve to date_from/date_to then, so they never go stale. */
export function rangedParams({ range, timezone, previous, ...rest }: RangedKey, now: Date) {
  return { ...rest, timezone, ...resolveRange(range, timezone, now, previous === true) };
}

/** A live pipe's key params (and its pipe params: they don't depend on when they are sent). */
export function liveKey<Extra extends object>(
  extra: Extra | undefined,
  timezone: string,
): Extra & { timezone: string } {
  return { ...extra, timezone } as Extra & { timezone: string };
}
