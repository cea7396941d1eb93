// How the dashboard writes numbers and times. One fixed locale, so server and browser render the same text.
import type { Bucket, RangeParams } from "@/lib/dashboard/time-range";

const LOCALE = "en-US";

// Intl formatters are costly to create (tens of ms each on a slow phone): made on first use, not at page load.
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

const counts = lazy(() => new Intl.NumberFormat(LOCALE));
const compact = lazy(() => new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 }));

export function formatCount(value: number): string {
  return counts().format(value);
}

export function formatCompact(value: number): string {
  return compact().format(value);
}

/** 0.0402 → "4.02%". */
export function formatPercent(ratio: number, digits = 2): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  return `${ms >= 100 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

/** A latency axis tick: "650ms", "1.3s". */
export function formatMsTick(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${Math.round(ms)}ms`;
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

/** Decimal units, as network traffic is counted: 3504897 → "3.5 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 3) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** Tinybird's statistics.elapsed as a short query time. */
export function formatQueryTime(ms: number): string {
  return ms < 1 ? "<1 ms" : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

// Wall-clock strings are already in the dashboard's timezone: format them as UTC so nothing shifts them again.
const wallClockFormat = (options: Intl.DateTimeFormatOptions) =>
  lazy(() => new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", hourCycle: "h23", ...options }));
const wallClockFormats = {
  time: wallClockFormat({ hour: "2-digit", minute: "2-digit" }),
  seconds: wallClockFormat({ hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  day: wallClockFormat({ month: "short", day: "numeric" }),
  dayTime: wallClockFormat({ month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
  full: wallClockFormat({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
};

function wallClockDate(wallClock: string): Date {
  return new Date(`${wallClock.slice(0, 19).replace(" ", "T")}Z`);
}

/** A bucket start in tooltips and tables. */
export function formatBucket(t: string, bucket: Bucket): string {
  const date = wallClockDate(t);
  return bucket === "day" ? wallClockFormats.day().format(date) : wallClockFormats.dayTime().format(date);
}

/** A request's time in the tail: "23:52:39". */
export function formatClock(timestamp: string): string {
  return wallClockFormats.seconds().format(wallClockDate(timestamp));
}

/** "Nov 19, 04:13" for last-seen columns. */
export function formatWallClock(timestamp: string): string {
  return wallClockFormats.dayTime().format(wallClockDate(timestamp));
}

/** "Nov 1, 2026, 00:00 – Nov 8, 2026, 00:00". */
export function formatRange(params: RangeParams): string {
  return `${wallClockFormats.full().format(wallClockDate(params.date_from))} – ${wallClockFormats.full().format(wallClockDate(params.date_to))}`;
}
