import { describe, expect, it } from "vitest";
import {
  bucketFor,
  instantOf,
  isRangeOpen,
  rangeMinutes,
  resolveRange,
  toLocalInput,
  toPipeWallClock,
  wallClockAt,
} from "@/lib/dashboard/time-range";

const at = (iso: string) => Date.parse(iso);

describe("wall-clock time in a timezone", () => {
  it("formats an instant as the zone's wall clock, with a 24-hour clock", () => {
    expect(wallClockAt(at("2026-11-26T00:30:00Z"), "UTC")).toBe("2026-11-26 00:30:00");
    expect(wallClockAt(at("2026-11-26T00:30:00Z"), "Europe/Berlin")).toBe("2026-11-26 01:30:00");
    expect(wallClockAt(at("2026-11-26T00:30:00Z"), "Asia/Kathmandu")).toBe("2026-11-26 06:15:00");
    expect(wallClockAt(at("2026-11-26T00:30:00Z"), "America/Los_Angeles")).toBe("2026-11-25 16:30:00");
  });

  it("maps wall-clock times back to instants, on both sides of a DST change", () => {
    expect(instantOf("2026-07-01 12:00:00", "Europe/Berlin")).toBe(at("2026-07-01T10:00:00Z"));
    expect(instantOf("2026-12-01 12:00:00", "Europe/Berlin")).toBe(at("2026-12-01T11:00:00Z"));
    expect(instantOf("2026-03-29 03:30:00", "Europe/Berlin")).toBe(at("2026-03-29T01:30:00Z"));
    expect(instantOf("2026-11-01 00:00:00", "Asia/Kolkata")).toBe(at("2026-10-31T18:30:00Z"));
  });

  it("round-trips every quarter hour of a DST day", () => {
    for (let minute = 0; minute < 26 * 60; minute += 15) {
      const instant = at("2026-10-24T22:00:00Z") + minute * 60_000;
      expect(instantOf(wallClockAt(instant, "Europe/Berlin"), "Europe/Berlin") % 3_600_000).toBe(instant % 3_600_000);
    }
  });

  it("converts between the URL's datetime-local format and the pipes' format", () => {
    expect(toPipeWallClock("2026-11-01T08:30")).toBe("2026-11-01 08:30:00");
    expect(toLocalInput("2026-11-01 08:30:00")).toBe("2026-11-01T08:30");
  });
});

describe("resolveRange", () => {
  const now = new Date("2026-11-26T04:13:58.750Z");

  it("resolves a preset relative to now, in the timezone, up to the end of the current minute", () => {
    expect(resolveRange({ preset: "24h" }, "UTC", now)).toEqual({
      date_from: "2026-11-25 04:14:00",
      date_to: "2026-11-26 04:14:00",
    });
    expect(resolveRange({ preset: "1h" }, "Europe/Berlin", now)).toEqual({
      date_from: "2026-11-26 04:14:00",
      date_to: "2026-11-26 05:14:00",
    });
    expect(resolveRange({ preset: "1h" }, "UTC", new Date("2026-11-26T04:14:00.000Z")).date_to).toBe(
      "2026-11-26 04:14:00",
    );
  });

  it("moves with the clock: the same preset later is a later range (no stale today)", () => {
    const later = new Date(now.getTime() + 86_400_000);
    expect(resolveRange({ preset: "7d" }, "UTC", later).date_to).toBe("2026-11-27 04:14:00");
  });

  it("gives the previous period of equal length", () => {
    expect(resolveRange({ preset: "24h" }, "UTC", now, true)).toEqual({
      date_from: "2026-11-24 04:14:00",
      date_to: "2026-11-25 04:14:00",
    });
    expect(resolveRange({ from: "2026-11-08T00:00", to: "2026-11-15T00:00" }, "UTC", now, true)).toEqual({
      date_from: "2026-11-01 00:00:00",
      date_to: "2026-11-08 00:00:00",
    });
  });

  it("keeps a custom range as wall-clock time and measures its previous period in real hours across DST", () => {
    const range = { from: "2026-10-25T00:00", to: "2026-10-26T00:00" };
    expect(resolveRange(range, "Europe/Berlin", now)).toEqual({
      date_from: "2026-10-25 00:00:00",
      date_to: "2026-10-26 00:00:00",
    });
    // 25 October 2026 has 25 hours in Berlin, so the previous 25 hours start at 23:00 two days before.
    expect(resolveRange(range, "Europe/Berlin", now, true)).toEqual({
      date_from: "2026-10-23 23:00:00",
      date_to: "2026-10-25 00:00:00",
    });
  });
});

describe("buckets and polling", () => {
  it("picks the pipes' bucket from the range length", () => {
    const range = (minutes: number) => ({
      date_from: "2026-11-01 00:00:00",
      date_to: wallClockAt(at("2026-11-01T00:00:00Z") + minutes * 60_000, "UTC"),
    });
    expect(rangeMinutes(range(90))).toBe(90);
    expect(bucketFor(range(180))).toBe("minute");
    expect(bucketFor(range(181))).toBe("15 minutes");
    expect(bucketFor(range(2_880))).toBe("15 minutes");
    expect(bucketFor(range(2_881))).toBe("hour");
    expect(bucketFor(range(20_160))).toBe("hour");
    expect(bucketFor(range(20_161))).toBe("day");
  });

  it("treats presets and custom ranges that haven't ended as open, past custom ranges as closed", () => {
    const now = new Date("2026-11-26T04:00:00Z");
    expect(isRangeOpen({ preset: "90d" }, "UTC", now)).toBe(true);
    expect(isRangeOpen({ from: "2026-11-01T00:00", to: "2026-11-08T00:00" }, "UTC", now)).toBe(false);
    expect(isRangeOpen({ from: "2026-11-26T00:00", to: "2026-11-26T05:30" }, "UTC", now)).toBe(true);
    expect(isRangeOpen({ from: "2026-11-26T00:00", to: "2026-11-26T04:30" }, "UTC", now)).toBe(true);
    expect(isRangeOpen({ from: "2026-11-26T00:00", to: "2026-11-26T04:30" }, "Europe/Berlin", now)).toBe(false);
  });
});
