// When SWR should try a failed pipe request again: after Retry-After for 429s, with backoff for transient failures,
// never for errors retrying can't fix (bad params, a refused token after its one renewal, a schema mismatch).
// Transient failures are retried for as long as they last, at most every 30 s, so widgets come back on their own
// when Tinybird does; SWR stops retrying while the tab is hidden or offline and revalidates when it returns.
import { PipeError } from "@/lib/tinybird/pipe-error";

const MAX_RATE_LIMIT_RETRIES = 20;
const MAX_BACKOFF_MS = 30_000;

/** Milliseconds until retry number `retryCount` (1 for the first retry), or null to stop retrying. */
export function pipeRetryDelay(error: unknown, retryCount: number): number | null {
  if (!(error instanceof PipeError)) return null;
  if (error.kind === "rate-limited") {
    return retryCount <= MAX_RATE_LIMIT_RETRIES ? (error.retryAfterSeconds ?? 1) * 1000 : null;
  }
  if (error.kind === "network" || error.kind === "server") {
    return Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (retryCount - 1));
  }
  return null;
}
