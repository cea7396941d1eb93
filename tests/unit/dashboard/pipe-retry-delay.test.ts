import { describe, expect, it } from "vitest";
import { PipeError } from "@/lib/tinybird/pipe-error";
import { pipeRetryDelay } from "@/lib/tinybird/client/pipe-retry-delay";

describe("pipeRetryDelay", () => {
  it("waits Retry-After for a 429", () => {
    const limited = new PipeError("usage_kpis", "rate-limited", "rate limited", { status: 429, retryAfterSeconds: 4 });
    expect(pipeRetryDelay(limited, 1)).toBe(4_000);
    expect(pipeRetryDelay(limited, 20)).toBe(4_000);
    expect(pipeRetryDelay(limited, 21)).toBeNull();
  });

  it("backs off for network and server errors up to 30 s, and keeps trying while they last", () => {
    const down = new PipeError("usage_kpis", "server", "502", { status: 502 });
    expect([1, 2, 3, 4, 5, 6, 100].map((attempt) => pipeRetryDelay(down, attempt))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(pipeRetryDelay(new PipeError("usage_kpis", "network", "offline"), 1)).toBe(2_000);
  });

  it("doesn't retry what retrying can't fix", () => {
    for (const kind of ["invalid-params", "forbidden", "bad-request", "schema", "tenant-changed"] as const) {
      expect(pipeRetryDelay(new PipeError("usage_kpis", kind, kind), 1), kind).toBeNull();
    }
    expect(pipeRetryDelay(new Error("boom"), 1)).toBeNull();
  });
});
