import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/auth/rate-limiter";

describe("RateLimiter (GCRA)", () => {
  it("allows a burst of max_burst + 1, then limits until the emission interval passes", () => {
    const limiter = new RateLimiter();
    const t = 1_000_000;
    const results = Array.from({ length: 4 }, () => limiter.check("k", 2, 2, 1, t));
    expect(results.map((result) => [result.limited, result.limit, result.remaining])).toEqual([
      [false, 3, 2],
      [false, 3, 1],
      [false, 3, 0],
      [true, 3, 0],
    ]);
    expect(results[3]!.retryAfter).toBeCloseTo(0.5);
    expect(limiter.check("k", 2, 2, 1, t + 499).limited).toBe(true);
    expect(limiter.check("k", 2, 2, 1, t + 500).limited).toBe(false);
  });

  it("keeps separate budgets per key", () => {
    const limiter = new RateLimiter();
    limiter.check("a", 0, 1, 1, 0);
    expect(limiter.check("a", 0, 1, 1, 0).limited).toBe(true);
    expect(limiter.check("b", 0, 1, 1, 0).limited).toBe(false);
  });
});
