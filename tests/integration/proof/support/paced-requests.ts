// Runs many requests through a few concurrent workers while keeping each rate-limit bucket (JWT name + pipe) under
// its budget, so a 429 in a result always means something other than the test's own pace.

export interface PaceOptions<T> {
  concurrency: number;
  /** Minimum time between two requests of the same bucket. */
  intervalMs: number;
  bucket(item: T): string | null;
}

/** Round-robin over buckets, so consecutive items rarely wait for the same one. */
function interleave<T>(items: readonly T[], bucket: (item: T) => string | null): T[] {
  const queues = new Map<string, T[]>();
  items.forEach((item, index) => {
    const key = bucket(item) ?? `free-${index % 64}`;
    queues.set(key, [...(queues.get(key) ?? []), item]);
  });
  const ordered: T[] = [];
  for (let round = 0; ordered.length < items.length; round++) {
    for (const queue of queues.values()) if (round < queue.length) ordered.push(queue[round]!);
  }
  return ordered;
}

export async function pacedRequests<T, R>(
  items: readonly T[],
  options: PaceOptions<T>,
  send: (item: T) => Promise<R>,
): Promise<Array<{ item: T; result: R }>> {
  const ordered = interleave(items, options.bucket);
  const nextSlot = new Map<string, number>();
  const results: Array<{ item: T; result: R }> = [];
  let next = 0;
  const worker = async () => {
    while (next < ordered.length) {
      const item = ordered[next++]!;
      const key = options.bucket(item);
      if (key !== null) {
        const now = performance.now();
        const slot = Math.max(now, nextSlot.get(key) ?? 0);
        nextSlot.set(key, slot + options.intervalMs);
        if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
      }
      results.push({ item, result: await send(item) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return results;
}
