// Direct SQL on the local Tinybird server's fixture data (admin token), to check what the dashboard shows.
import type { LocalServerProcess } from "tinybird-local-chdb";

export async function fixtureSql<Row>(tinybird: LocalServerProcess, sql: string): Promise<Row[]> {
  const response = await fetch(`${tinybird.url}/v0/sql`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tinybird.adminToken}` },
    body: `${sql} FORMAT JSON`,
  });
  if (!response.ok) throw new Error(`SQL failed (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { data: Row[] }).data;
}

export interface FixtureKpis {
  requests: number;
  errors: number;
  members: number;
  bytes: number;
  p50: number;
  p95: number;
}

/** The headline numbers of one org (and optionally one user) over [from, to) UTC, straight from the raw rows. */
export async function fixtureKpis(
  tinybird: LocalServerProcess,
  org: string,
  from: string,
  to: string,
  user?: string,
): Promise<FixtureKpis> {
  const [row] = await fixtureSql<FixtureKpis>(
    tinybird,
    `SELECT count() AS requests, countIf(status >= 400) AS errors, uniqExact(user) AS members, sum(bytes) AS bytes,
            quantileExact(0.5)(latency_ms) AS p50, quantileExact(0.95)(latency_ms) AS p95
     FROM api_requests
     WHERE org = '${org}' ${user ? `AND user = '${user}'` : ""}
       AND timestamp >= toDateTime64('${from}', 3, 'UTC') AND timestamp < toDateTime64('${to}', 3, 'UTC')`,
  );
  return row!;
}
