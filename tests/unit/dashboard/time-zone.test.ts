import { describe, expect, it } from "vitest";
import { canonicalTimeZone, isTimeZone, searchTimeZones, TIME_ZONE_ALIASES, timeZoneOptions } from "@/lib/time-zone";

describe("time zones by their current IANA names", () => {
  it("maps the legacy names ICU still lists to the current ones, and leaves others alone", () => {
    expect(canonicalTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Europe/Bratislava")).toBe("Europe/Bratislava");
    expect(canonicalTimeZone("Mars/Olympus")).toBe("Mars/Olympus");
  });

  it("every current name is one this runtime (and so the URL parser) accepts", () => {
    for (const current of Object.values(TIME_ZONE_ALIASES)) expect(isTimeZone(current), current).toBe(true);
  });

  it("lists every zone once, by its current name, with UTC, and none of the legacy ones", () => {
    const names = timeZoneOptions().map((option) => option.name);
    expect(names.length).toBeGreaterThan(400);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("UTC");
    expect(names).toContain("Asia/Kolkata");
    for (const legacy of Object.keys(TIME_ZONE_ALIASES)) expect(names).not.toContain(legacy);
    expect(names).toEqual([...names].sort());
  });

  it("finds a zone by any part of its name, spaces for underscores, or by the name it replaced", () => {
    const found = (query: string) => searchTimeZones(query).map((option) => option.name);
    expect(found("calcutta")).toEqual(["Asia/Kolkata"]);
    expect(found("KOLKATA")).toEqual(["Asia/Kolkata"]);
    expect(found("new york")).toEqual(["America/New_York"]);
    expect(found("america new_york")).toEqual(["America/New_York"]);
    expect(found("kiev")).toEqual(["Europe/Kyiv"]);
    expect(found("xyzzy")).toEqual([]);
    expect(found("").length).toBe(timeZoneOptions().length);
  });
});
