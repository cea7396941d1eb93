import type { ChdbResult } from "chdb";
import type { ChdbPool } from "../chdb/chdb-pool";
import { clickhouseCode, clickhouseFailure } from "../chdb/clickhouse-error";
import { ApiError } from "./api-error";

/** A ClickHouse error as Tinybird answers it: `[Error] …` with X-DB-Exception-Code; undefined for other errors. */
export function clickhouseApiError(error: unknown): ApiError | undefined {
  if (clickhouseCode(error) === undefined) return undefined;
  const failure = clickhouseFailure(error);
  const headers: Record<string, string> =
    failure.code === undefined ? {} : { "X-DB-Exception-Code": String(failure.code) };
  return new ApiError(failure.status, failure.message, undefined, headers);
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
