// React 19.2 reveals streamed Suspense boundaries at most every 300 ms: after the first widget shows, widgets whose
// results came a moment later wait out the rest of that. So results are released in batches: the first result opens
// a short window, every result in by its end is released with it (or at once, when that was the last one), and
// widgets that finish close together stream, and show, in one reveal.
import "server-only";
import type { PendingSeed } from "@/lib/tinybird/client/pipe-seeds";

export const REVEAL_TOGETHER_MS = 300;

/** The same seeds, each settling with the batch its result arrived in (see above). */
export function revealTogether<W extends string>(
  seeds: Record<W, PendingSeed[]>,
  windowMs = REVEAL_TOGETHER_MS,
): Record<W, PendingSeed[]> {
  const all = Promise.allSettled(
    Object.values<PendingSeed[]>(seeds).flatMap((list) => list.map((seed) => seed.result)),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let window: Promise<void> | null = null;
  void all.then(() => clearTimeout(timer));
  const batched = (result: PendingSeed["result"]) =>
    result.then(async (value) => {
      window ??= new Promise((resolve) => {
        timer = setTimeout(() => {
          window = null;
          resolve();
        }, windowMs);
      });
      await Promise.race([all, window]);
      return value;
    });
  return Object.fromEntries(
    Object.entries<PendingSeed[]>(seeds).map(([widget, list]) => [
      widget,
      list.map((seed) => ({ key: seed.key, result: batched(seed.result) })),
    ]),
  ) as Record<W, PendingSeed[]>;
}
