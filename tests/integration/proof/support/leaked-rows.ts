// Counts the rows of an endpoint answer that can't come from the token's own tenant, whatever range, timezone or
// filter the request asked for: an unknown request id, member, route, status or region, or more requests than the
// tenant ever made.
import type { Endpoint, EndpointRow } from "./endpoint-summary";
import type { TenantRow } from "./tenant-rows";

export interface ScopeUniverse {
  ids: ReadonlySet<string>;
  requests: number;
  errors: number;
  bytes: number;
  byUser: ReadonlyMap<string, number>;
  byRoute: ReadonlyMap<string, number>;
  byStatus: ReadonlyMap<string, number>;
  byRegion: ReadonlyMap<string, number>;
}

function tally(rows: readonly TenantRow[], key: (row: TenantRow) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

/** Everything a tenant owns, from all of its rows (any time). */
export function scopeUniverse(rows: readonly TenantRow[]): ScopeUniverse {
  return {
    ids: new Set(rows.map((row) => row.request_id)),
    requests: rows.length,
    errors: rows.filter((row) => row.status >= 400).length,
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
    byUser: tally(rows, (row) => row.user),
    byRoute: tally(rows, (row) => `${row.method} ${row.route}`),
    byStatus: tally(rows, (row) => String(row.status)),
    byRegion: tally(rows, (row) => row.region),
  };
}

function beyond(counts: ReadonlyMap<string, number>, key: string, requests: unknown): boolean {
  return Number(requests) > (counts.get(key) ?? 0);
}

export function leakedRows(endpoint: Endpoint, data: readonly EndpointRow[], universe: ScopeUniverse): number {
  const count = (leaks: (row: EndpointRow) => boolean) => data.filter(leaks).length;
  switch (endpoint) {
    case "recent_requests":
      return count((row) => !universe.ids.has(String(row.request_id)) || !universe.byUser.has(String(row.user)));
    case "member_usage":
      return count((row) => beyond(universe.byUser, String(row.user), row.requests));
    case "top_routes":
      return count((row) => beyond(universe.byRoute, `${String(row.method)} ${String(row.route)}`, row.requests));
    case "status_codes":
      return count((row) => beyond(universe.byStatus, String(row.status), row.requests));
    case "regions":
      return count((row) => beyond(universe.byRegion, String(row.region), row.requests));
    case "usage_kpis":
      return count(
        (row) =>
          Number(row.requests) > universe.requests ||
          Number(row.errors) > universe.errors ||
          Number(row.bytes) > universe.bytes ||
          Number(row.active_members) > universe.byUser.size,
      );
    case "requests_over_time":
    case "latency_over_time":
    case "live_requests": {
      const total = data.reduce((sum, row) => sum + Number(row.requests), 0);
      return total > universe.requests ? count((row) => Number(row.requests) > 0) : 0;
    }
  }
}

const WORD = /[A-Za-z0-9_]+/g;

/**
 * Request ids anywhere in a response body, whatever its shape (rows, an error message), that belong to rows
 * outside `own`; with `own` null every known id counts, for tokens that may read no request at all.
 */
export function foreignRequestIds(body: string, all: ReadonlySet<string>, own: ReadonlySet<string> | null): number {
  const found = new Set(body.match(WORD) ?? []);
  return [...found].filter((id) => all.has(id) && !own?.has(id)).length;
}
