import { describe, expect, it } from "vitest";
import { logAxis } from "@/components/charts/log-axis";

const point = (p50: number | null, p95: number | null, p99: number | null) => ({
  t: "2026-11-01 00:00:00",
  latency_p50: p50,
  latency_p95: p95,
  latency_p99: p99,
});

describe("logAxis", () => {
  it("spans the decades from the fastest to the slowest percentile, ticked at 1-2-5", () => {
    const axis = logAxis([point(42, 180, 950), point(null, null, null), point(35, 120, 4_200)]);
    expect(axis.domain).toEqual([10, 10_000]);
    expect(axis.ticks).toEqual([10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]);
    // Four decades and more: powers of ten only.
    expect(logAxis([point(4, 120, 4_200)]).ticks).toEqual([1, 10, 100, 1_000, 10_000]);
    expect(logAxis([point(12, 30, 80)]).ticks).toEqual([10, 20, 50, 100]);
  });

  it("has a decade to draw even with no data or one value", () => {
    expect(logAxis([]).domain).toEqual([1, 10]);
    expect(logAxis([point(100, 100, 100)]).domain).toEqual([100, 1_000]);
  });
});
