// Latency percentiles for the benchmark scripts (nearest-rank on the sorted samples).

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** Milliseconds with one decimal, right-aligned in `width`. */
export function ms(value: number, width = 8): string {
  return (Number.isFinite(value) ? value.toFixed(1) : "–").padStart(width);
}
