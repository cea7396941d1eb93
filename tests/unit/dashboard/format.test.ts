import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatBucket,
  formatBytes,
  formatClock,
  formatCount,
  formatMs,
  formatMsTick,
  formatPercent,
  formatQueryTime,
  formatRange,
} from "@/lib/dashboard/format";
import { pointDelta, relativeDelta } from "@/lib/dashboard/kpi-delta";
import { ingestionSnippet } from "@/lib/dashboard/ingestion-snippet";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";

describe("numbers", () => {
  it("formats counts, rates, latencies and sizes", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatPercent(0.0402)).toBe("4.02%");
    expect(formatMs(43.34)).toBe("43.3 ms");
    expect(formatMs(350.9)).toBe("351 ms");
    expect(formatMs(1234)).toBe("1.23 s");
    expect(formatMs(null)).toBe("—");
    expect(formatMsTick(650)).toBe("650ms");
    expect(formatMsTick(1300)).toBe("1.3s");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(3_504_897)).toBe("3.5 MB");
    expect(formatBytes(123_456_789_012)).toBe("123 GB");
    expect(formatQueryTime(0.4)).toBe("<1 ms");
    expect(formatQueryTime(144.55)).toBe("145 ms");
  });

  it("says how long ago", () => {
    expect(formatAgo(1_500)).toBe("just now");
    expect(formatAgo(12_400)).toBe("12 s ago");
    expect(formatAgo(185_000)).toBe("3 min ago");
    expect(formatAgo(7_300_000)).toBe("2 h ago");
    expect(formatAgo(-500)).toBe("just now");
  });
});

describe("wall-clock times", () => {
  it("formats bucket starts as they are (already in the dashboard's timezone)", () => {
    expect(formatBucket("2026-11-02 05:00:00", "hour")).toBe("Nov 2, 05:00");
    expect(formatClock("2026-11-19 23:52:39.511")).toBe("23:52:39");
    expect(formatRange({ date_from: "2026-11-01 00:00:00", date_to: "2026-11-08 00:00:00" })).toBe(
      "Nov 1, 2026, 00:00 – Nov 8, 2026, 00:00",
    );
  });
});

describe("KPI deltas", () => {
  it("gives relative change, with tone by what a rise means", () => {
    expect(relativeDelta(994, 253, "neutral")).toEqual({ text: "+293%", direction: "up", tone: "neutral" });
    expect(relativeDelta(43.3, 46.5, "higher-is-worse")).toEqual({
      text: "\u22126.9%",
      direction: "down",
      tone: "good",
    });
    expect(relativeDelta(351, 249.4, "higher-is-worse")).toMatchObject({ text: "+40.7%", tone: "bad" });
    expect(relativeDelta(5, 0, "neutral")).toMatchObject({ text: "new" });
    expect(relativeDelta(0, 0, "neutral")).toMatchObject({ text: "no change", direction: "flat" });
    expect(relativeDelta(null, 3, "neutral")).toBeNull();
  });

  it("gives rates in percentage points", () => {
    expect(pointDelta(0.0402, 0.0553, "higher-is-worse")).toEqual({
      text: "\u22121.51 pp",
      direction: "down",
      tone: "good",
    });
    expect(pointDelta(0.05, 0.05, "higher-is-worse")).toMatchObject({ text: "no change" });
  });
});

describe("CSV", () => {
  const columns = [
    { header: "route", value: (row: { route: string; requests: number | null }) => row.route },
    { header: "requests", value: (row: { route: string; requests: number | null }) => row.requests },
  ];

  it("writes RFC 4180 CSV, quoting what needs quoting", () => {
    expect(
      toCsv(columns, [
        { route: "/v1/a,b", requests: 3 },
        { route: 'say "hi"', requests: null },
      ]),
    ).toBe('route,requests\r\n"/v1/a,b",3\r\n"say ""hi""",\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas, but not negative numbers", () => {
    expect(toCsv(columns, [{ route: "=HYPERLINK(1)", requests: -1 }])).toBe("route,requests\r\n'=HYPERLINK(1),-1\r\n");
  });

  it("names files after what they hold", () => {
    expect(csvFilename("acme", "top_routes", "2026-11-01 00:00:00", undefined)).toBe(
      "acme-top_routes-2026-11-01_000000.csv",
    );
  });
});

describe("ingestion snippet", () => {
  it("posts one event for the org to the Events API with a placeholder token", () => {
    const snippet = ingestionSnippet("acme", "user_1", "2026-11-26 04:00:00.000");
    expect(snippet).toContain('curl -X POST "$TINYBIRD_API_URL/v0/events?name=api_requests"');
    expect(snippet).toContain('-H "Authorization: Bearer $APPEND_TOKEN"');
    const event = JSON.parse(/-d '(.*)'/.exec(snippet)![1]!) as Record<string, unknown>;
    expect(event).toMatchObject({ org: "acme", user: "user_1", timestamp: "2026-11-26 04:00:00.000", status: 200 });
  });
});
