// Admin access to the Tinybird API for one-shot scripts (seeding, simulating, fixtures, benchmarks). Never imported
// by the app: the app only ever holds per-user JWTs.
// @next/env is a bundled CommonJS module: Node can't see its named exports from ESM.
import nextEnv from "@next/env";
import { serverEnv } from "@/lib/env";

export interface TinybirdAdmin {
  url: string;
  token: string;
}

export class TinybirdApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "TinybirdApiError";
  }
}

/** The workspace admin token: TINYBIRD_JWT_SECRET when set (it is the admin token), else the local server's /tokens. */
export async function connectTinybird(url?: string): Promise<TinybirdAdmin> {
  nextEnv.loadEnvConfig(process.cwd());
  const env = serverEnv();
  const apiUrl = (url ?? env.NEXT_PUBLIC_TINYBIRD_API_URL).replace(/\/+$/, "");
  if (!url && env.TINYBIRD_JWT_SECRET) return { url: apiUrl, token: env.TINYBIRD_JWT_SECRET };
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/tokens`);
  } catch {
    throw new Error(
      `Can't reach the Tinybird API at ${apiUrl}. Start the local server with \`npm run tinybird:local\`, ` +
        "or set TINYBIRD_JWT_SECRET (the workspace admin token) and NEXT_PUBLIC_TINYBIRD_API_URL for Tinybird Cloud.",
    );
  }
  if (!response.ok) throw new TinybirdApiError(response.status, `GET ${apiUrl}/tokens answered ${response.status}`);
  const { admin_token: token } = (await response.json()) as { admin_token: string };
  return { url: apiUrl, token };
}

async function call(tb: TinybirdAdmin, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${tb.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${tb.token}`, ...init.headers },
  });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // Plain-text errors (the Events API) are already the message.
    }
    throw new TinybirdApiError(
      response.status,
      `${init.method ?? "GET"} ${path.split("?")[0]}: ${response.status} ${message.trim()}`,
    );
  }
  return response;
}

/** Runs read-only SQL through the Query API and returns the rows; `params` fill the templates of pipes it reads. */
export async function querySql<Row>(tb: TinybirdAdmin, sql: string, params?: URLSearchParams): Promise<Row[]> {
  const response = await call(tb, `/v0/sql${params ? `?${params}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ q: `${sql} FORMAT JSON` }),
  });
  return ((await response.json()) as { data: Row[] }).data;
}

/** Runs an on-demand copy pipe with the given parameters and waits for its job to finish. */
export async function runCopyPipe(
  tb: TinybirdAdmin,
  pipe: string,
  params: Record<string, string | number>,
): Promise<void> {
  const query = new URLSearchParams({
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    _mode: "append",
  });
  const response = await call(tb, `/v0/pipes/${encodeURIComponent(pipe)}/copy?${query}`, { method: "POST" });
  const body = (await response.json()) as { id?: string; job_id?: string; job?: { id?: string; job_id?: string } };
  const jobId = body.job?.job_id ?? body.job?.id ?? body.job_id ?? body.id;
  if (!jobId) throw new Error(`The copy of ${pipe} returned no job id`);
  for (;;) {
    const job = (await (await call(tb, `/v0/jobs/${encodeURIComponent(jobId)}`)).json()) as {
      status: string;
      error?: string;
    };
    if (job.status === "done") return;
    if (job.status === "error" || job.status === "cancelled") {
      throw new Error(`Copy job ${jobId} of ${pipe} failed: ${job.error ?? job.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Appends rows through the Events API (NDJSON), waiting until they are written. */
export async function appendEvents(
  tb: TinybirdAdmin,
  datasource: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<{ successful_rows: number; quarantined_rows: number }> {
  const response = await call(tb, `/v0/events?name=${encodeURIComponent(datasource)}&wait=true`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson" },
    body: rows.map((row) => JSON.stringify(row)).join("\n"),
  });
  return (await response.json()) as { successful_rows: number; quarantined_rows: number };
}

/** Empties a datasource (Tinybird's truncate). */
export async function truncateDatasource(tb: TinybirdAdmin, datasource: string): Promise<void> {
  await call(tb, `/v0/datasources/${encodeURIComponent(datasource)}/truncate`, { method: "POST" });
}
