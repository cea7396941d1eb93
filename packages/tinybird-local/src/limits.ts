// Every limit the local server enforces, in one place (docs/security.md says which come from Tinybird's docs and
// which are local choices).

/** ClickHouse settings for queries of restricted tokens (JWTs, non-admin static tokens), set last so they win. */
export const RESTRICTED_QUERY_LIMITS = {
  // Tinybird's default query timeout: TIMEOUT_EXCEEDED answers 408 (docs/tinybird-compat.md §1.2).
  max_execution_time: 10,
  timeout_overflow_mode: "throw",
  // A local choice: one query may not take the laptop's memory.
  max_memory_usage: 1024 * 1024 * 1024,
  // Tinybird's response size limit is 100 MB; the row cap is a local choice.
  max_result_bytes: 100 * 1024 * 1024,
  max_result_rows: 10_000_000,
  result_overflow_mode: "throw",
} as const;

/**
 * The SETTINGS of a query an HTTP request runs: the endpoint's own, then the limits for restricted tokens, then
 * `readonly` last: 1 (no writes and no further setting changes, so a SETTINGS clause inside the query fails) for
 * restricted tokens, 2 (no writes) for admin ones.
 */
export function requestSettings(
  settings: Readonly<Record<string, string | number>>,
  restricted: boolean,
): Record<string, string | number> {
  const merged: Record<string, string | number> = { ...settings, ...(restricted ? RESTRICTED_QUERY_LIMITS : {}) };
  delete merged.readonly;
  merged.readonly = restricted ? 1 : 2;
  return merged;
}

/** chDB connections for reads (endpoints, `q`, `/v0/sql`, the guard): more than one tenant's cap. */
export const READ_CONNECTIONS = 8;
/** chDB connections for ingestion, schema and copy jobs, so reads and writes never wait for each other. */
export const WRITE_CONNECTIONS = 2;

/** Read requests one token (a JWT `name`, or a static token) may run at once; more wait for their own turn. */
export const PER_TOKEN_RUNNING = 3;
/** Requests of one token that may wait; beyond this Tinybird's concurrency 429 (docs/tinybird-compat.md §1.6). */
export const PER_TOKEN_WAITING = 64;

/** Events API: decompressed bytes per request, Tinybird's 10 MB request size (docs/tinybird-compat.md §1.4). */
export const EVENTS_DECOMPRESSED_LIMIT = 10 * 1024 * 1024;
/** Events API bodies read, decoded and ingested at once, so concurrent uploads can't take the memory. */
export const EVENTS_RUNNING = 4;
/** Events API bodies that may wait for a turn; beyond this, 429. */
export const EVENTS_WAITING = 32;

/** Threads libuv runs chDB queries on: the connections, plus room for file system work. */
export const THREADPOOL_SIZE = READ_CONNECTIONS + WRITE_CONNECTIONS + 4;
