import { describe, expect, it } from "vitest";
import { DEFAULT_DASHBOARD_STATE, dashboardHref, dashboardSearchParams } from "@/lib/dashboard/dashboard-href";
import { parseDashboardSearchParams } from "@/lib/dashboard/dashboard-search-params";

describe("dashboard URL state", () => {
  it("defaults to the last 24 hours in the browser's timezone, without comparison", () => {
    expect(parseDashboardSearchParams({})).toEqual({ state: DEFAULT_DASHBOARD_STATE, problems: [] });
  });

  it("reads a preset, a timezone and compare", () => {
    const { state, problems } = parseDashboardSearchParams({ range: "7d", tz: "Europe/Berlin", compare: "1" });
    expect(problems).toEqual([]);
    expect(state).toEqual({ range: { preset: "7d" }, tz: "Europe/Berlin", compare: true });
  });

  it("reads a custom range, which wins over a preset", () => {
    const { state } = parseDashboardSearchParams({
      range: "7d",
      from: "2026-11-01T00:00",
      to: "2026-11-08T00:00",
      tz: "UTC",
    });
    expect(state.range).toEqual({ from: "2026-11-01T00:00", to: "2026-11-08T00:00" });
  });

  it("ignores org and user: the tenant comes from the session, never the URL", () => {
    const { state, problems } = parseDashboardSearchParams({ org: "globex", user: "user_local_linus", range: "30d" });
    expect(state).toEqual({ ...DEFAULT_DASHBOARD_STATE, range: { preset: "30d" } });
    expect(problems).toEqual([]);
    expect(dashboardSearchParams(state).has("org")).toBe(false);
  });

  it("names each invalid param and falls back to its default", () => {
    const { state, problems } = parseDashboardSearchParams({ range: "2w", tz: "Mars/Olympus", compare: "maybe" });
    expect(state).toEqual(DEFAULT_DASHBOARD_STATE);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^tz="Mars\/Olympus" is not an IANA timezone/);
    expect(problems[1]).toMatch(/^compare="maybe" must be 1 or 0/);
    expect(problems[2]).toMatch(/^range="2w" must be one of 1h, 24h, 7d, 30d, 90d/);
  });

  it("refuses custom ranges that are backwards, half-given, malformed or too long", () => {
    expect(parseDashboardSearchParams({ from: "2026-11-08T00:00", to: "2026-11-01T00:00" }).problems).toEqual([
      "from must be earlier than to; showing the default range",
    ]);
    expect(parseDashboardSearchParams({ from: "2026-11-08T00:00" }).problems[0]).toMatch(
      /needs both from and to; to is missing/,
    );
    expect(parseDashboardSearchParams({ from: "2026-13-08T00:00", to: "2026-11-09T00:00" }).problems[0]).toMatch(
      /^from=.*is not a real date/,
    );
    expect(parseDashboardSearchParams({ from: "2026-11-08 00:00", to: "2026-11-09T00:00" }).problems[0]).toMatch(
      /^from=.*YYYY-MM-DDTHH:MM/,
    );
    expect(parseDashboardSearchParams({ from: "2024-01-01T00:00", to: "2026-11-09T00:00" }).problems[0]).toMatch(
      /at most 400 days/,
    );
  });

  it("takes the first of repeated params", () => {
    expect(parseDashboardSearchParams({ range: ["90d", "1h"] }).state.range).toEqual({ preset: "90d" });
  });

  it("writes state back to a URL that parses to the same state, leaving defaults out", () => {
    expect(dashboardHref(DEFAULT_DASHBOARD_STATE)).toBe("/dashboard");
    const states = [
      { range: { preset: "1h" as const }, tz: null, compare: false },
      { range: { from: "2026-11-01T00:00", to: "2026-11-08T00:00" }, tz: "Asia/Kolkata", compare: true },
    ];
    for (const state of states) {
      const params = Object.fromEntries(dashboardSearchParams(state));
      expect(parseDashboardSearchParams(params).state).toEqual(state);
    }
    expect(dashboardHref(states[1]!)).toBe(
      "/dashboard?from=2026-11-01T00%3A00&to=2026-11-08T00%3A00&tz=Asia%2FKolkata&compare=1",
    );
  });
});
