import { describe, expect, it } from "vitest";
import { widgetErrorMessage } from "@/lib/dashboard/widget-error-message";
import type { PipeErrorKind } from "@/lib/tinybird/pipe-error";

const KINDS: PipeErrorKind[] = [
  "invalid-params",
  "forbidden",
  "rate-limited",
  "bad-request",
  "server",
  "network",
  "schema",
  "tenant-changed",
];

describe("widgetErrorMessage", () => {
  it("names what the user sees, never Tinybird, a pipe or a status", () => {
    for (const kind of KINDS) {
      const message = widgetErrorMessage({ kind, timedOut: false }, "requests chart");
      expect(message, kind).toContain("requests chart");
      expect(message, kind).not.toMatch(/Tinybird|_|\d{3}/);
    }
  });

  it("tells a timeout from a connection that never came", () => {
    expect(widgetErrorMessage({ kind: "network", timedOut: false }, "live tile")).toBe(
      "Couldn't reach analytics for the live tile.",
    );
    expect(widgetErrorMessage({ kind: "network", timedOut: true }, "live tile")).toBe(
      "Analytics took too long to answer for the live tile.",
    );
  });
});
