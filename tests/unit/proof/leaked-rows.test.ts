// The isolation suite's leak detector and summaries, on rows whose owners are known: they must flag another
// tenant's answer, or the suite's "0 rows leaked" would prove nothing.
import { describe, expect, it } from "vitest";
import {
  endpointSummary,
  ENDPOINTS,
  expectedSummary,
  type EndpointRow,
} from "@/tests/integration/proof/support/endpoint-summary";
import { foreignRequestIds, leakedRows, scopeUniverse } from "@/tests/integration/proof/support/leaked-rows";
import { inScope, type TenantRow } from "@/tests/integration/proof/support/tenant-rows";

function row(org: string, user: string, n: number, overrides: Partial<TenantRow> = {}): TenantRow {
  const time = Date.UTC(2026, 10, 1) + n * 60_000;
  return {
    org,
    user,
    request_id: `${org}_${user}_${n}`,
    time,
    timestamp: new Date(time).toISOString().replace("T", " ").replace("Z", ""),
    method: "GET",
    route: `/v1/${org}`,
    status: n % 5 === 0 ? 500 : 200,
    region: org === "acme" ? "eu-west-1" : "us-east-1",
    bytes: 100 + n,
    ...overrides,
  };
}

const rows = [
  ...Array.from({ length: 20 }, (_, n) => row("acme", "ada", n)),
  ...Array.from({ length: 10 }, (_, n) => row("acme", "grace", n)),
  ...Array.from({ length: 8 }, (_, n) => row("globex", "grace", n)),
  ...Array.from({ length: 12 }, (_, n) => row("globex", "linus", n)),
];

/** What an endpoint would answer for these rows, built the way the real endpoint's rows look. */
function answer(endpoint: (typeof ENDPOINTS)[number], owned: TenantRow[]): EndpointRow[] {
  const summary = expectedSummary(endpoint, owned);
  if (Array.isArray(summary))
    return summary.map((id) => ({
      request_id: id,
      user: owned.find((candidate) => candidate.request_id === id)!.user,
    }));
  if (["usage_kpis", "requests_over_time", "latency_over_time", "live_requests"].includes(endpoint)) return [summary];
  return Object.entries(summary).map(([key, requests]) => {
    if (endpoint === "top_routes") return { method: key.split(" ")[0], route: key.split(" ")[1], requests };
    return { [endpoint === "status_codes" ? "status" : endpoint === "regions" ? "region" : "user"]: key, requests };
  });
}

describe("leakedRows", () => {
  const grace = scopeUniverse(inScope(rows, { org: "acme", user: "grace" }));
  const acme = scopeUniverse(inScope(rows, { org: "acme" }));

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: a tenant's own answer leaks nothing; another tenant's, or a wider one, is flagged`, () => {
      expect(leakedRows(endpoint, answer(endpoint, inScope(rows, { org: "acme", user: "grace" })), grace)).toBe(0);
      expect(leakedRows(endpoint, answer(endpoint, inScope(rows, { org: "acme" })), acme)).toBe(0);
      expect(leakedRows(endpoint, answer(endpoint, inScope(rows, { org: "acme" })), grace)).toBeGreaterThan(0);
      expect(leakedRows(endpoint, answer(endpoint, rows), acme)).toBeGreaterThan(0);
    });
  }

  it("flags grace's globex rows in grace's acme answer, though the user is the same", () => {
    const mixed = answer("recent_requests", [
      ...inScope(rows, { org: "acme", user: "grace" }),
      ...inScope(rows, { org: "globex", user: "grace" }),
    ]);
    expect(leakedRows("recent_requests", mixed, grace)).toBe(8);
  });
});

describe("foreignRequestIds", () => {
  const all = new Set(rows.map((row) => row.request_id));
  const grace = scopeUniverse(inScope(rows, { org: "acme", user: "grace" }));

  it("finds other tenants' request ids in any body shape, and none in a tenant's own answer", () => {
    const own = JSON.stringify({ data: answer("recent_requests", inScope(rows, { org: "acme", user: "grace" })) });
    expect(foreignRequestIds(own, all, grace.ids)).toBe(0);
    const everyone = JSON.stringify({ meta: [], data: rows.map((row) => [row.request_id, row.org]) });
    expect(foreignRequestIds(everyone, all, grace.ids)).toBe(rows.length - grace.ids.size);
    expect(foreignRequestIds(JSON.stringify({ error: `[Error] near '${rows[0]!.request_id}'` }), all, grace.ids)).toBe(
      1,
    );
    expect(foreignRequestIds(JSON.stringify({ error: `[Error] near ${rows[20]!.request_id}` }), all, grace.ids)).toBe(
      0,
    );
  });

  it("counts every known id for a token that may read no request", () => {
    expect(foreignRequestIds(JSON.stringify({ data: [{ id: rows[0]!.request_id }] }), all, null)).toBe(1);
    expect(foreignRequestIds(JSON.stringify({ data: [{ c: 50 }] }), all, null)).toBe(0);
  });
});

describe("endpointSummary", () => {
  it("reads endpoint rows into the shape expectedSummary computes from raw rows", () => {
    const data = [
      { t: "2026-11-01 00:00:00", requests: 3, requests_2xx: 2, requests_3xx: 0, requests_4xx: 0, requests_5xx: 1 },
      { t: "2026-11-01 00:01:00", requests: 0, requests_2xx: 0, requests_3xx: 0, requests_4xx: 0, requests_5xx: 0 },
    ];
    expect(endpointSummary("requests_over_time", data)).toEqual({
      requests: 3,
      requests_2xx: 2,
      requests_3xx: 0,
      requests_4xx: 0,
      requests_5xx: 1,
    });
    const owned = [row("acme", "ada", 0), row("acme", "ada", 1), row("acme", "ada", 2)];
    expect(expectedSummary("requests_over_time", owned)).toEqual({
      requests: 3,
      requests_2xx: 2,
      requests_3xx: 0,
      requests_4xx: 0,
      requests_5xx: 1,
    });
    expect(expectedSummary("recent_requests", owned, { limit: 2 })).toEqual(["acme_ada_2", "acme_ada_1"]);
  });
});
