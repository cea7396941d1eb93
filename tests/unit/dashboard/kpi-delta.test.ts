import { describe, expect, it } from "vitest";
import { comparable, MIN_PREVIOUS_SHARE, NEW_DELTA, pointDelta, relativeDelta } from "@/lib/dashboard/kpi-delta";

describe("deltas against a missing or near-empty previous period", () => {
  it("read 'new' when the previous period holds less than MIN_PREVIOUS_SHARE of the current one", () => {
    // The 90d case that read "▲ +1202248%": history starting a few hours before the previous period ends.
    expect(relativeDelta(1_202_249, 100, "neutral")).toEqual(NEW_DELTA);
    expect(relativeDelta(5, 0, "neutral")).toEqual(NEW_DELTA);
    expect(relativeDelta(1000, 1000 * MIN_PREVIOUS_SHARE - 1, "higher-is-worse")).toEqual(NEW_DELTA);
    expect(relativeDelta(1000, 1000 * MIN_PREVIOUS_SHARE, "neutral")).toMatchObject({ text: "+900%", direction: "up" });
  });

  it("never show more than four digits of percentage", () => {
    for (const previous of [0, 0.001, 1, 3, 17, 99, 100, 101, 500, 999_999]) {
      const delta = relativeDelta(1_000_000, previous, "neutral");
      expect(delta!.text).toMatch(/^(new|[+\u2212]\d{1,3}(\.\d)?%|no change)$/);
    }
  });

  it("compare periods by their requests: an empty previous period is comparable only to an empty current one", () => {
    expect(comparable(0, 0)).toBe(true);
    expect(comparable(10, 0)).toBe(false);
    expect(comparable(0, 10)).toBe(true);
    expect(comparable(1000, 99)).toBe(false);
    expect(comparable(1000, 100)).toBe(true);
    expect(comparable(100, 100_000)).toBe(true);
  });

  it("keep falls to zero and rates in points", () => {
    expect(relativeDelta(0, 250, "neutral")).toMatchObject({ text: "\u2212100%", direction: "down" });
    expect(relativeDelta(0, 0, "neutral")).toMatchObject({ text: "no change" });
    expect(pointDelta(0.3, 0.006, "higher-is-worse")).toMatchObject({ text: "+29.40 pp", tone: "bad" });
  });
});
