// Every row of api_requests as the workspace admin reads it through /v0/sql: the ground truth the isolation suite
// checks endpoint answers against (which tenant owns each request, and what each tenant may therefore see).

export interface TenantRow {
  org: string;
  user: string;
  request_id: string;
  /** Epoch milliseconds (UTC). */
  time: number;
  /** The timestamp as ClickHouse prints it in UTC: 'YYYY-MM-DD hh:mm:ss.mmm'. */
  timestamp: string;
  method: string;
  route: string;
  status: number;
  region: string;
  bytes: number;
}

/** What a token may read: one organization, and for members one user in it. */
export interface Scope {
  org: string;
  user?: string;
}

export type SqlQuery = (query: string) => Promise<Array<Record<string, unknown>>>;

export async function loadTenantRows(sql: SqlQuery): Promise<TenantRow[]> {
  const rows = await sql(
    "SELECT org, user, request_id, toString(timestamp) AS timestamp, method, route, status, region, bytes FROM api_requests",
  );
  return rows.map((row) => ({
    org: String(row.org),
    user: String(row.user),
    request_id: String(row.request_id),
    timestamp: String(row.timestamp),
    time: Date.parse(`${String(row.timestamp).replace(" ", "T")}Z`),
    method: String(row.method),
    route: String(row.route),
    status: Number(row.status),
    region: String(row.region),
    bytes: Number(row.bytes),
  }));
}

export function inScope(rows: readonly TenantRow[], scope: Scope): TenantRow[] {
  return rows.filter((row) => row.org === scope.org && (scope.user === undefined || row.user === scope.user));
}
