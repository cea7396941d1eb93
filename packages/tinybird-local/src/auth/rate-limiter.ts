export interface RateLimitResult {
  limited: boolean;
  /** `max_burst + 1`, as redis-cell reports it. */
  limit: number;
  remaining: number;
  /** Seconds until a request would be allowed; only meaningful when limited. */
  retryAfter: number;
  /** Seconds until the limiter is back to full capacity. */
  resetAfter: number;
}

/**
 * In-memory GCRA, the algorithm of redis-cell's `CL.THROTTLE key max_burst count period` that Tinybird uses:
 * one "theoretical arrival time" per key.
 */
export class RateLimiter {
  private readonly arrivals = new Map<string, number>();
  private checks = 0;

  check(key: string, maxBurst: number, count: number, periodSeconds: number, nowMs = Date.now()): RateLimitResult {
    const now = nowMs / 1000;
    const interval = periodSeconds / count;
    const tolerance = interval * (maxBurst + 1);
    const tat = Math.max(this.arrivals.get(key) ?? now, now);
    const newTat = tat + interval;
    const allowAt = newTat - tolerance;
    const limited = now < allowAt;
    const ttl = limited ? tat - now : newTat - now;
    if (!limited) this.arrivals.set(key, newTat);
    if (++this.checks % 10_000 === 0) this.forgetIdle(now);
    const next = tolerance - ttl;
    return {
      limited,
      limit: maxBurst + 1,
      remaining: next > -interval ? Math.max(0, Math.floor(next / interval + 1e-9)) : 0,
      retryAfter: limited ? allowAt - now : 0,
      resetAfter: ttl,
    };
  }

  private forgetIdle(now: number): void {
    for (const [key, tat] of this.arrivals) if (tat < now) this.arrivals.delete(key);
  }
}
