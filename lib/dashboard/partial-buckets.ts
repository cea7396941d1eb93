// Buckets that cover only part of their interval: the one still running at the range's end, or one the range cuts
// at either edge. Drawn as they are they read as a drop; the time charts mark them instead.
import { bucketFor, rangeOf, wallClockAt, type Bucket, type RangeParams } from "@/lib/dashboard/time-range";

const BUCKET_MINUTES: Record<Exclude<Bucket, "day">, number> = { minute: 1, "15 minutes": 15, hour: 60 };

const wallMs = (wallClock: string) => Date.parse(`${wallClock.slice(0, 19).replace(" ", "T")}Z`);

/** When the bucket starting at `t` ends, as wall-clock milliseconds (the wall clock read as UTC). */
function bucketEnd(t: string, bucket: Bucket): number {
  if (bucket !== "day") return wallMs(t) + BUCKET_MINUTES[bucket] * 60_000;
  const start = new Date(wallMs(t));
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1);
}

/**
 * Whether each bucket (starts in `buckets`, wall clock in the range's timezone) is partial: its interval starts
 * before the range or ends after the range's end or `now` (the wall clock when the data was fetched).
 */
export function partialBuckets(buckets: readonly string[], bucket: Bucket, range: RangeParams, now: string): boolean[] {
  const from = wallMs(range.date_from);
  const until = Math.min(wallMs(range.date_to), wallMs(now));
  return buckets.map((t) => wallMs(t) < from || bucketEnd(t, bucket) > until);
}

/** A ranged pipe's rows marked `partial` where their bucket is, for the time it was fetched. */
export function markPartial<Point extends { t: string }>(
  points: readonly Point[],
  result: { params: { date_from?: string; date_to?: string; timezone?: string }; fetchedAt: number },
): Array<Point & { partial: boolean }> {
  const range = rangeOf(result.params);
  const now = wallClockAt(result.fetchedAt, result.params.timezone ?? "UTC");
  const partial = partialBuckets(
    points.map((point) => point.t),
    bucketFor(range),
    range,
    now,
  );
  return points.map((point, index) => ({ ...point, partial: partial[index]! }));
}
