import type { ChdbResult } from "chdb";
import type { Access } from "../auth/token-resolver";
import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import { GateFull } from "../chdb/keyed-gate";
import type { LocalTinybird } from "../local-tinybird";
import { ApiError } from "./api-error";

/** A ClickHouse error as Tinybird answers it: `[Error] …` with X-DB-Exception-Code; undefined for other errors. */
export function clickhouseApiError(error: unknown): ApiError | undefined {
  if (clickhouseCode(error) === undefined) return undefined;
  const failure = clickhouseFailure(error);
  const headers: Record<string, string> =
    failure.code === undefined ? {} : { "X-DB-Exception-Code": String(failure.code) };
  return new ApiError(failure.status, failure.message, undefined, headers);
}

/**
 * Runs a read request in its token's share of the read connections: a JWT `name` or a static token runs a few
 * requests at once and queues a bounded number more; beyond that Tinybird's concurrency 429
 * (docs/tinybird-compat.md §1.6). `resource` names what was asked for, e.g. `Pipe top_routes`.
 */
export async function readsOf<T>(tb: LocalTinybird, access: Access, resource: string, work: () => Promise<T>) {
  try {
    return await tb.readGate.run(`${access.kind}:${access.name}`, work);
  } catch (error) {
    if (!(error instanceof GateFull)) throw error;
    throw new ApiError(
      429,
      `You have reached the maximum number of concurrent requests (${error.limit}) for ${resource}. Retry or contact us at support@tinybird.co`,
    );
  }
}

/** Runs SQL for a request; ClickHouse errors become Tinybird's `[Error] …` answer with X-DB-Exception-Code. */
export async function runQuery(
  pool: ChdbPool,
  sql: string,
  format: string,
  params?: Record<string, string>,
): Promise<ChdbResult> {
  try {
    return await pool.query(sql, format, params);
  } catch (error) {
    throw clickhouseApiError(error) ?? error;
  }
}

/** Tinybird's X-TB-Statistics header for a finished query. */
export function statisticsHeader(result: ChdbResult, startedAt: number): string {
  return JSON.stringify({
    elapsed: (performance.now() - startedAt) / 1000,
    db: result.elapsed,
    rows_read: result.rowsRead,
    bytes_read: result.bytesRead,
  });
}
