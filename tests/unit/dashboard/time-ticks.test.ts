import { describe, expect, it } from "vitest";
import { partialBuckets } from "@/lib/dashboard/partial-buckets";
import { timeTicks } from "@/lib/dashboard/time-ticks";
import { instantOf, wallClockAt, type Bucket } from "@/lib/dashboard/time-range";

const STEP_MINUTES: Record<Bucket, number> = { minute: 1, "15 minutes": 15, hour: 60, day: 1440 };

/**
 * Bucket starts as requests_over_time returns them: every bucket of [from, to) (wall clock in `zone`), floored in
 * that zone, one per distinct instant, written as the zone's wall clock (so a repeated DST hour appears twice).
 */
function buckets(from: string, to: string, bucket: Bucket, zone: string): string[] {
  const step = STEP_MINUTES[bucket];
  const starts = new Map<number, string>();
  // Every zone's offset is a multiple of 15 minutes: walking UTC quarter hours visits every local bucket.
  const walk = Math.min(step, 15) * 60_000;
  const end = instantOf(to, zone);
  // The walk's steps, and the range's last minute: its bucket is in the result even when the range cuts it.
  const instants: number[] = [];
  for (let instant = instantOf(from, zone); instant < end; instant += walk) instants.push(instant);
  for (const instant of [...instants, end - 60_000]) {
    const wall = wallClockAt(instant, zone);
    const minutes = Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16));
    const floored = step >= 1440 ? 0 : Math.floor(minutes / step) * step;
    const start = `${wall.slice(0, 10)} ${String(Math.floor(floored / 60)).padStart(2, "0")}:${String(floored % 60).padStart(2, "0")}:00`;
    // The floor's instant: the one at or before this instant with that wall clock.
    const offset = instant - (Date.parse(`${wall.replace(" ", "T")}Z`) - Date.parse(`${start.replace(" ", "T")}Z`));
    starts.set(offset, start);
  }
  return [...starts.entries()].sort(([a], [b]) => a - b).map(([, start]) => start);
}

const labels = (from: string, to: string, bucket: Bucket, zone: string, width = 800) =>
  timeTicks(buckets(from, to, bucket, zone), width).map((tick) => tick.label);

const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe"];
const TIME = /^\d{2}:\d{2}$/;
const DAY = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(, [A-Z][a-z]{2})? \d{1,2}$/;
const DATE = /^[A-Z][a-z]{2} \d{1,2}$/;

describe("time axis ticks", () => {
  it("label a day with whole hours and the date at midnight", () => {
    expect(labels("2026-12-02 15:00:00", "2026-12-03 15:00:00", "15 minutes", "UTC")).toEqual([
      "16:00",
      "18:00",
      "20:00",
      "22:00",
      "Dec 3",
      "02:00",
      "04:00",
      "06:00",
      "08:00",
      "10:00",
      "12:00",
      "14:00",
    ]);
  });

  it("leave out a tick whose label the chart's right edge would cut", () => {
    const series = buckets("2026-12-02 10:12:00", "2026-12-03 10:12:00", "15 minutes", "UTC");
    expect(series.at(-1)).toBe("2026-12-03 10:00:00");
    const ticks = timeTicks(series, 800);
    expect(ticks.at(-1)!.t).not.toBe("2026-12-03 10:00:00");
    expect(ticks.at(-1)!.label).toBe("08:00");
  });

  it("label a week with weekday and date at midnight, never with times ~25 hours apart", () => {
    expect(labels("2026-11-26 19:00:00", "2026-12-03 19:00:00", "hour", "UTC")).toEqual([
      "Fri, Nov 27",
      "Sat, Nov 28",
      "Sun, Nov 29",
      "Mon, Nov 30",
      "Tue, Dec 1",
      "Wed, Dec 2",
      "Thu, Dec 3",
    ]);
    // Narrower, the labels shorten; narrower still, every other day: always the same days, not whatever fits.
    expect(labels("2026-11-26 19:00:00", "2026-12-03 19:00:00", "hour", "UTC", 420)).toEqual([
      "Fri 27",
      "Sat 28",
      "Sun 29",
      "Mon 30",
      "Tue 1",
      "Wed 2",
      "Thu 3",
    ]);
    expect(labels("2026-11-26 19:00:00", "2026-12-03 19:00:00", "hour", "UTC", 360)).toEqual([
      "Fri, Nov 27",
      "Sun, Nov 29",
      "Tue, Dec 1",
      "Thu, Dec 3",
    ]);
    expect(labels("2026-11-27 19:00:00", "2026-12-04 19:00:00", "hour", "UTC", 360)).toEqual(
      expect.arrayContaining(["Sun, Nov 29", "Tue, Dec 1", "Thu, Dec 3"]),
    );
  });

  it("label 30 and 90 days with dates: Mondays, then every other Monday or month starts", () => {
    expect(labels("2026-11-03 00:00:00", "2026-12-03 00:00:00", "day", "UTC")).toEqual([
      "Nov 9",
      "Nov 16",
      "Nov 23",
      "Nov 30",
    ]);
    const ninety = labels("2026-09-04 00:00:00", "2026-12-03 00:00:00", "day", "UTC", 400);
    expect(ninety.length).toBeGreaterThanOrEqual(3);
    for (const label of ninety) expect(label).toMatch(DATE);
  });

  it("label an hour with minutes", () => {
    expect(labels("2026-12-03 14:08:00", "2026-12-03 15:08:00", "minute", "UTC", 400)).toEqual([
      "14:10",
      "14:20",
      "14:30",
      "14:40",
      "14:50",
      "15:00",
    ]);
  });

  it("sit on the zone's own midnights and hours, also at +05:45", () => {
    const ticks = timeTicks(buckets("2026-12-02 15:00:00", "2026-12-03 15:00:00", "15 minutes", "Asia/Kathmandu"), 800);
    expect(ticks.map((tick) => tick.t)).toContain("2026-12-03 00:00:00");
    for (const tick of ticks) expect(tick.t.slice(14, 16)).toBe("00");
    const week = timeTicks(buckets("2026-11-26 19:00:00", "2026-12-03 19:00:00", "hour", "Asia/Kathmandu"), 800);
    for (const tick of week) expect(tick.t.slice(11)).toBe("00:00:00");
  });

  it("stay in step through DST days in New York (spring forward 2026-03-08, fall back 2026-11-01)", () => {
    // 23 hours: 02:00 doesn't exist, the 2-hourly ticks go on at 04:00.
    expect(labels("2026-03-08 00:00:00", "2026-03-09 00:00:00", "15 minutes", "America/New_York")).toEqual(
      [
        "Mar 8",
        "02:00",
        "04:00",
        "06:00",
        "08:00",
        "10:00",
        "12:00",
        "14:00",
        "16:00",
        "18:00",
        "20:00",
        "22:00",
      ].filter((label) => label !== "02:00"),
    );
    // 25 hours: 01:00–01:45 happen twice, so 01:00 is no tick (it would name two places).
    const fallBack = labels("2026-11-01 00:00:00", "2026-11-02 00:00:00", "15 minutes", "America/New_York");
    expect(fallBack).not.toContain("01:00");
    expect(new Set(fallBack).size).toBe(fallBack.length);
    const week = labels("2026-10-28 00:00:00", "2026-11-04 00:00:00", "hour", "America/New_York");
    expect(week).toEqual([
      "Wed, Oct 28",
      "Thu, Oct 29",
      "Fri, Oct 30",
      "Sat, Oct 31",
      "Sun, Nov 1",
      "Mon, Nov 2",
      "Tue, Nov 3",
    ]);
  });

  describe.each(ZONES)("in %s", (zone) => {
    const spans: Array<[string, string, string, Bucket, RegExp[]]> = [
      ["1 hour", "2026-11-01 05:30:00", "2026-11-01 06:30:00", "minute", [TIME]],
      ["24 hours", "2026-11-01 12:00:00", "2026-11-02 12:00:00", "15 minutes", [TIME, DATE]],
      ["7 days", "2026-10-29 12:00:00", "2026-11-05 12:00:00", "hour", [DAY]],
      ["30 days", "2026-10-15 00:00:00", "2026-11-14 00:00:00", "day", [DATE]],
      ["90 days", "2026-08-20 00:00:00", "2026-11-18 00:00:00", "day", [DATE]],
      ["DST spring day", "2026-03-08 00:00:00", "2026-03-09 00:00:00", "15 minutes", [TIME, DATE]],
    ];
    it.each(spans)(
      "%s: labels of the span's kind, unique, ascending, fitting the width",
      (_, from, to, bucket, kinds) => {
        for (const width of [320, 600, 1200]) {
          const series = buckets(from, to, bucket, zone);
          const ticks = timeTicks(series, width);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.reduce((sum, tick) => sum + tick.label.length * 6.5 + 20, 0)).toBeLessThanOrEqual(width);
          for (const tick of ticks)
            expect(
              kinds.some((kind) => kind.test(tick.label)),
              tick.label,
            ).toBe(true);
          expect(new Set(ticks.map((tick) => tick.label)).size).toBe(ticks.length);
          const positions = ticks.map((tick) => series.indexOf(tick.t));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          expect(positions.every((position) => position >= 0)).toBe(true);
        }
      },
    );
  });
});

describe("partial buckets", () => {
  const day = ["2026-12-03 14:30:00", "2026-12-03 14:45:00", "2026-12-03 15:00:00"];

  it("mark the bucket still running at fetch time, not the ones before", () => {
    const range = { date_from: "2026-12-02 15:08:00", date_to: "2026-12-03 15:08:00" };
    expect(partialBuckets(day, "15 minutes", range, "2026-12-03 15:07:31")).toEqual([false, false, true]);
  });

  it("mark buckets the range cuts at either edge, and none of a range on bucket boundaries", () => {
    expect(
      partialBuckets(
        day,
        "15 minutes",
        { date_from: "2026-12-03 14:37:00", date_to: "2026-12-03 15:10:00" },
        "2027-01-01 00:00:00",
      ),
    ).toEqual([true, false, true]);
    expect(
      partialBuckets(
        day,
        "15 minutes",
        { date_from: "2026-12-03 14:30:00", date_to: "2026-12-03 15:15:00" },
        "2027-01-01 00:00:00",
      ),
    ).toEqual([false, false, false]);
    expect(
      partialBuckets(
        ["2026-11-30 00:00:00", "2026-12-01 00:00:00"],
        "day",
        { date_from: "2026-11-30 00:00:00", date_to: "2026-12-01 12:00:00" },
        "2027-01-01 00:00:00",
      ),
    ).toEqual([false, true]);
  });
});
