import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PendingSeed } from "@/lib/tinybird/client/pipe-seeds";
import type { PipeResult } from "@/lib/tinybird/fetch-pipe";
import { revealTogether } from "@/lib/tinybird/server/reveal-together";

// A seed whose result arrives after `ms` (null: the server gave up on it, which settles the same way).
function seedAfter(name: string, ms: number, result: PipeResult<unknown> | null = null): PendingSeed {
  const key = [name, "acme", null, {}] as unknown as PendingSeed["key"];
  return { key, result: new Promise((resolve) => setTimeout(() => resolve(result), ms)) };
}

/** When each widget's seeds settle, in fake milliseconds. */
async function settledAt(seeds: Record<string, PendingSeed[]>): Promise<Record<string, number>> {
  const at: Record<string, number> = {};
  const batched = revealTogether(seeds, 150);
  const done = Promise.all(
    Object.entries(batched).map(([widget, list]) =>
      Promise.all(list.map((seed) => seed.result)).then(() => (at[widget] = Date.now())),
    ),
  );
  await vi.runAllTimersAsync();
  await done;
  return at;
}

describe("revealTogether", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("releases results that arrive within the window together, at its end", async () => {
    const at = await settledAt({ a: [seedAfter("a", 0)], b: [seedAfter("b", 100)], c: [seedAfter("c", 1_000)] });
    expect(at).toEqual({ a: 150, b: 150, c: 1_000 });
  });

  it("releases every waiting result as soon as the last one arrives", async () => {
    const at = await settledAt({ a: [seedAfter("a", 10)], b: [seedAfter("b", 40)], c: [seedAfter("c", 60)] });
    expect(at).toEqual({ a: 60, b: 60, c: 60 });
  });

  it("opens a new window for results after the previous one closed", async () => {
    const at = await settledAt({
      a: [seedAfter("a", 0)],
      b: [seedAfter("b", 400)],
      c: [seedAfter("c", 500)],
      d: [seedAfter("d", 2_000)],
    });
    expect(at).toEqual({ a: 150, b: 550, c: 550, d: 2_000 });
  });

  it("keeps each seed's own result and key", async () => {
    const result = { rows: [{ requests: 1 }] } as unknown as PipeResult<unknown>;
    const seeds = { kpis: [seedAfter("kpis", 5, result)], live: [seedAfter("live", 5)] };
    const batched = revealTogether(seeds, 150);
    await vi.runAllTimersAsync();
    expect(batched.kpis[0]!.key).toBe(seeds.kpis[0]!.key);
    expect(await batched.kpis[0]!.result).toBe(result);
    expect(await batched.live[0]!.result).toBeNull();
  });
});
