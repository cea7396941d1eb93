// What an endpoint answer says about tenancy, in a shape that can be computed both from the endpoint's rows and
// from the raw rows a tenant owns: totals for series and KPIs, per-key counts for breakdowns, ids for row lists.
import type { TenantRow } from "./tenant-rows";

export type EndpointRow = Record<string, unknown>;
export type Summary = Record<string, number> | string[];

export const ENDPOINTS = [
  "usage_kpis",
  "requests_over_time",
  "latency_over_time",
  "top_routes",
  "status_codes",
  "regions",
  "member_usage",
  "live_requests",
  "recent_requests",
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const STATUS_CLASSES = ["requests", "requests_2xx", "requests_3xx", "requests_4xx", "requests_5xx"];

function sums(rows: readonly EndpointRow[], columns: readonly string[]): Record<string, number> {
  return Object.fromEntries(columns.map((column) => [column, rows.reduce((sum, row) => sum + Number(row[column]), 0)]));
}

function countsBy(rows: readonly EndpointRow[], key: (row: EndpointRow) => string): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [key(row), Number(row.requests)]));
}

/** The summary of an endpoint's `data`. */
export function endpointSummary(endpoint: Endpoint, data: readonly EndpointRow[]): Summary {
  switch (endpoint) {
    case "usage_kpis": {
      const kpis = data[0] ?? {};
      return {
        requests: Number(kpis.requests),
        errors: Number(kpis.errors),
        active_members: Number(kpis.active_members),
        bytes: Number(kpis.bytes),
      };
    }
    case "requests_over_time":
    case "live_requests":
      return sums(data, STATUS_CLASSES);
    case "latency_over_time":
      return sums(data, ["requests"]);
    case "top_routes":
      return countsBy(data, (row) => `${String(row.method)} ${String(row.route)}`);
    case "status_codes":
      return countsBy(data, (row) => String(row.status));
    case "regions":
      return countsBy(data, (row) => String(row.region));
    case "member_usage":
      return countsBy(data, (row) => String(row.user));
    case "recent_requests":
      return data.map((row) => String(row.request_id));
  }
}

/** Raw rows in the shape an endpoint's rows have, so both go through endpointSummary. */
function asEndpointRows(endpoint: Endpoint, rows: readonly TenantRow[], limit: number): EndpointRow[] {
  const group = (key: (row: TenantRow) => string, fields: (row: TenantRow) => EndpointRow) => {
    const groups = new Map<string, EndpointRow>();
    for (const row of rows) {
      const entry = groups.get(key(row)) ?? { ...fields(row), requests: 0 };
      entry.requests = Number(entry.requests) + 1;
      groups.set(key(row), entry);
    }
    return [...groups.values()];
  };
  switch (endpoint) {
    case "usage_kpis":
      return [
        {
          requests: rows.length,
          errors: rows.filter((row) => row.status >= 400).length,
          active_members: new Set(rows.map((row) => row.user)).size,
          bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
        },
      ];
    case "requests_over_time":
    case "live_requests":
    case "latency_over_time":
      return rows.map((row) => ({
        requests: 1,
        requests_2xx: row.status < 300 ? 1 : 0,
        requests_3xx: row.status >= 300 && row.status < 400 ? 1 : 0,
        requests_4xx: row.status >= 400 && row.status < 500 ? 1 : 0,
        requests_5xx: row.status >= 500 ? 1 : 0,
      }));
    case "top_routes":
      return group(
        (row) => `${row.method} ${row.route}`,
        (row) => ({ method: row.method, route: row.route }),
      );
    case "status_codes":
      return group(
        (row) => String(row.status),
        (row) => ({ status: row.status }),
      );
    case "regions":
      return group(
        (row) => row.region,
        (row) => ({ region: row.region }),
      );
    case "member_usage":
      return group(
        (row) => row.user,
        (row) => ({ user: row.user }),
      );
    case "recent_requests":
      return [...rows]
        .sort((a, b) => b.time - a.time)
        .slice(0, limit)
        .map((row) => ({ request_id: row.request_id }));
  }
}

/** The summary the endpoint must give for `rows`: a tenant's rows, already cut to the requested window. */
export function expectedSummary(
  endpoint: Endpoint,
  rows: readonly TenantRow[],
  options: { limit?: number } = {},
): Summary {
  return endpointSummary(endpoint, asEndpointRows(endpoint, rows, options.limit ?? Number.POSITIVE_INFINITY));
}
