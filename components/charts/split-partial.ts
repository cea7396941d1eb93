// Partial buckets get their own series: the complete ones stop at the last whole bucket, and a lighter, dashed
// segment joins it to the partial one, so a bucket still filling up isn't drawn as a drop.

/** The key of the series drawing `key`'s partial buckets. */
export const partialKey = (key: string) => `${key}_partial`;

/**
 * `points` with each key's values moved to its partial series at partial buckets, and copied there at their
 * complete neighbours (so the dashed segment starts where the solid line ends).
 */
export function splitPartial<Point extends { partial?: boolean }>(
  points: readonly Point[],
  keys: readonly (keyof Point & string)[],
): Array<Point & Record<string, unknown>> {
  return points.map((point, index) => {
    const partial = point.partial === true;
    const touchesPartial = partial || points[index - 1]?.partial === true || points[index + 1]?.partial === true;
    if (!touchesPartial) return point;
    const split: Record<string, unknown> = { ...point };
    for (const key of keys) {
      split[partialKey(key)] = point[key];
      if (partial) split[key] = null;
    }
    return split as Point & Record<string, unknown>;
  });
}
