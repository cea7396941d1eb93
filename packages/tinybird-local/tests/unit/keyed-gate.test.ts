import { describe, expect, it } from "vitest";
import { GateFull, KeyedGate } from "../../src/chdb/keyed-gate";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("KeyedGate", () => {
  it("runs a few tasks per key at once, queues a bounded number more, and refuses the rest", async () => {
    const gate = new KeyedGate(2, 1);
    const release = deferred();
    const started: number[] = [];
    const task = (n: number) => gate.run("tenant", async () => (started.push(n), await release.promise, n));
    const running = [task(1), task(2), task(3)];
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    await expect(task(4)).rejects.toBeInstanceOf(GateFull);
    expect(gate.load("tenant")).toBe(3);
    release.resolve();
    expect(await Promise.all(running)).toEqual([1, 2, 3]);
    expect(started).toEqual([1, 2, 3]);
    expect(gate.load("tenant")).toBe(0);
  });

  it("never makes one key wait for another's work", async () => {
    const gate = new KeyedGate(1, 0);
    const slow = deferred();
    const held = gate.run("slow", () => slow.promise);
    await expect(gate.run("slow", async () => "second")).rejects.toBeInstanceOf(GateFull);
    expect(await gate.run("other", async () => "answered")).toBe("answered");
    slow.resolve();
    await held;
  });

  it("frees the slot when a task fails", async () => {
    const gate = new KeyedGate(1, 0);
    await expect(gate.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run("k", async () => "next")).toBe("next");
  });
});
