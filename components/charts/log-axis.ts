// The latency chart's log axis, apart from the chart so it is testable without rendering recharts.
import type { LatencyPoint } from "@/components/charts/latency-chart";

const LOG_STEPS = [1, 2, 5];

/**
 * A log axis from the decade below the fastest percentile to the one above the slowest, ticked at 1-2-5 steps, so a
 * p99 spike doesn't flatten p50 and p95 against the floor.
 */
export function logAxis(data: readonly LatencyPoint[]): { scale: "log"; domain: [number, number]; ticks: number[] } {
  const values = data
    .flatMap((point) => [point.latency_p50, point.latency_p95, point.latency_p99])
    .filter((value): value is number => value !== null && value > 0);
  const low = 10 ** Math.floor(Math.log10(values.length ? Math.min(...values) : 1));
  const high = Math.max(10 ** Math.ceil(Math.log10(values.length ? Math.max(...values) : 10)), low * 10);
  const ticks: number[] = [];
  for (let decade = low; decade < high; decade *= 10) ticks.push(...LOG_STEPS.map((step) => step * decade));
  ticks.push(high);
  // Every 1-2-5 step fits on a few decades; beyond that, powers of ten only.
  return { scale: "log", domain: [low, high], ticks: ticks.length > 10 ? ticks.filter((_, i) => i % 3 === 0) : ticks };
}
