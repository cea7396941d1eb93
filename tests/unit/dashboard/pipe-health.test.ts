import { describe, expect, it } from "vitest";
import { createPipeHealth, isOutage, withHealth } from "@/lib/tinybird/client/pipe-health";
import { PipeError } from "@/lib/tinybird/pipe-error";
import { usageKpis } from "@/lib/tinybird/pipes";

const down = (pipe: string) => new PipeError(pipe, "network", `Couldn't reach Tinybird for ${pipe}`);

describe("pipe health", () => {
  it("keeps each pipe's latest failure and forgets it when the pipe answers", () => {
    const health = createPipeHealth();
    let changes = 0;
    health.subscribe(() => (changes += 1));
    health.record("usage_kpis", down("usage_kpis"));
    health.record(
      "top_routes",
      new PipeError("top_routes", "bad-request", "top_routes answered 400: x", { status: 400 }),
    );
    expect(health.failures().map((failure) => [failure.pipe, failure.kind, failure.status])).toEqual([
      ["usage_kpis", "network", undefined],
      ["top_routes", "bad-request", 400],
    ]);
    health.record("usage_kpis", null);
    expect(health.failures().map((failure) => failure.pipe)).toEqual(["top_routes"]);
    // A success for a pipe that wasn't failing changes nothing, so nothing re-renders.
    health.record("regions", null);
    expect(changes).toBe(3);
  });

  it("ignores an org switch in flight", () => {
    const health = createPipeHealth();
    health.record("usage_kpis", new PipeError("usage_kpis", "tenant-changed", "usage_kpis: the organization changed"));
    expect(health.failures()).toEqual([]);
  });

  it("is an outage when two or more pipes fail the same transient way, not for one pipe or one query's own problem", () => {
    const health = createPipeHealth();
    const failures = () => health.failures();
    health.record("usage_kpis", down("usage_kpis"));
    expect(isOutage(failures())).toBe(false);
    health.record("top_routes", new PipeError("top_routes", "bad-request", "400", { status: 400 }));
    health.record("regions", new PipeError("regions", "bad-request", "400", { status: 400 }));
    expect(isOutage(failures())).toBe(false);
    health.record("latency_over_time", new PipeError("latency_over_time", "server", "500", { status: 500 }));
    expect(isOutage(failures())).toBe(false);
    health.record("live_requests", down("live_requests"));
    expect(isOutage(failures())).toBe(true);
  });

  it("records what a fetcher's requests did and passes results and errors through", async () => {
    const health = createPipeHealth();
    const tenant = { org: "acme", user: null };
    const failing = withHealth(() => Promise.reject(down("usage_kpis")), health);
    await expect(failing(usageKpis, {}, tenant)).rejects.toThrow("Couldn't reach Tinybird for usage_kpis");
    expect(health.failures().map((failure) => failure.message)).toEqual(["Couldn't reach Tinybird for usage_kpis"]);
    const result = { rows: [], params: {}, elapsedMs: 1, rowsRead: 0, bytesRead: 0, fetchedAt: 0 };
    const answering = withHealth(() => Promise.resolve(result) as never, health);
    await expect(answering(usageKpis, {}, tenant)).resolves.toBe(result);
    expect(health.failures()).toEqual([]);
  });
});
