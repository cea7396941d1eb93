// Dashboard time ranges: presets relative to now, or a custom wall-clock range in the dashboard's timezone.
// Presets are resolved to date_from/date_to when a request is made, so "the last 24 hours" is never stale.

export const RANGE_PRESETS = {
  "1h": { label: "Last hour", short: "1h", minutes: 60 },
  "24h": { label: "Last 24 hours", short: "24h", minutes: 1_440 },
  "7d": { label: "Last 7 days", short: "7d", minutes: 10_080 },
  "30d": { label: "Last 30 days", short: "30d", minutes: 43_200 },
  "90d": { label: "Last 90 days", short: "90d", minutes: 129_600 },
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;
export const PRESET_NAMES = Object.keys(RANGE_PRESETS) as RangePreset[];
export const DEFAULT_PRESET: RangePreset = "24h";

/** A preset, or a custom range as wall-clock 'YYYY-MM-DDTHH:MM' (the datetime-local format) in the timezone. */
export type TimeRange = { preset: RangePreset } | { from: string; to: string };

/** What ranged pipes take: wall-clock 'YYYY-MM-DD HH:MM:SS' in the request's timezone. */
export interface RangeParams {
  date_from: string;
  date_to: string;
}

export type Bucket = "minute" | "15 minutes" | "hour" | "day";

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** The wall-clock time 'YYYY-MM-DD HH:MM:SS' of an instant in a timezone. */
export function wallClockAt(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function wallClockAsUtc(wallClock: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(wallClock);
  if (!match) throw new Error(`Not a wall-clock time: "${wallClock}" (expected YYYY-MM-DD HH:MM[:SS])`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s ?? 0);
}

/** The instant (epoch ms) a wall-clock time names in a timezone (a time skipped by a DST change maps next to it). */
export function instantOf(wallClock: string, timeZone: string): number {
  const target = wallClockAsUtc(wallClock);
  const offsetAt = (instant: number) =>
    wallClockAsUtc(wallClockAt(instant, timeZone)) - Math.floor(instant / 1000) * 1000;
  let instant = target - offsetAt(target);
  const corrected = target - offsetAt(instant);
  if (corrected !== instant && wallClockAsUtc(wallClockAt(corrected, timeZone)) === target) instant = corrected;
  return instant;
}

/** 'YYYY-MM-DDTHH:MM' → 'YYYY-MM-DD HH:MM:SS'. */
export function toPipeWallClock(local: string): string {
  const [date, time = "00:00"] = local.split("T");
  return `${date} ${time.length === 5 ? `${time}:00` : time}`;
}

/** 'YYYY-MM-DD HH:MM:SS' → 'YYYY-MM-DDTHH:MM'. */
export function toLocalInput(wallClock: string): string {
  return wallClock.slice(0, 16).replace(" ", "T");
}

function shift(wallClock: string, ms: number, timeZone: string): string {
  return wallClockAt(instantOf(wallClock, timeZone) + ms, timeZone);
}

/**
 * date_from/date_to for a range at `now`, in `timeZone`: a preset ends at the end of the current minute. `previous`
 * gives the period of equal length just before it (what usage_kpis compares with).
 */
export function resolveRange(range: TimeRange, timeZone: string, now: Date, previous = false): RangeParams {
  if ("preset" in range) {
    const length = RANGE_PRESETS[range.preset].minutes * MINUTE_MS;
    // Up to the end of the current minute: buckets line up, and requests within a minute share one URL (so one
    // CORS preflight, and a cacheable response).
    const end = Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS - (previous ? length : 0);
    return { date_from: wallClockAt(end - length, timeZone), date_to: wallClockAt(end, timeZone) };
  }
  const from = toPipeWallClock(range.from);
  const to = toPipeWallClock(range.to);
  if (!previous) return { date_from: from, date_to: to };
  const length = instantOf(to, timeZone) - instantOf(from, timeZone);
  return { date_from: shift(from, -length, timeZone), date_to: from };
}

/** The range's length in wall-clock minutes, as the pipes measure it (date_diff_in_minutes of the two params). */
export function rangeMinutes(params: RangeParams): number {
  return Math.round((wallClockAsUtc(params.date_to) - wallClockAsUtc(params.date_from)) / MINUTE_MS);
}

/** The bucket requests_over_time and latency_over_time use for a range. */
export function bucketFor(params: RangeParams): Bucket {
  const minutes = rangeMinutes(params);
  if (minutes <= 180) return "minute";
  if (minutes <= 2_880) return "15 minutes";
  if (minutes <= 20_160) return "hour";
  return "day";
}

/** Whether new data can still arrive in the range (presets always; custom ranges until they end). */
export function isRangeOpen(range: TimeRange, timeZone: string, now: Date): boolean {
  return "preset" in range || instantOf(toPipeWallClock(range.to), timeZone) > now.getTime();
}

/** The range a ranged pipe's result was fetched for (useRangedPipe always sends both ends). */
export function rangeOf(params: { date_from?: string; date_to?: string }): RangeParams {
  if (!params.date_from || !params.date_to) throw new Error("rangeOf: the request had no date_from/date_to");
  return { date_from: params.date_from, date_to: params.date_to };
}
