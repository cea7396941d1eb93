// One request to a Tinybird endpoint from the browser: params checked against the pipe's schema, the token in the
// Authorization header (never in the URL), every failure turned into a PipeError, rows validated with zod.
import type { PipeDefinition, PipeParams, PipeRow } from "@/lib/tinybird/define-pipe";
import { PipeError } from "@/lib/tinybird/pipe-error";
import "@/lib/tinybird/zod-messages";
import * as z from "zod/mini";

export interface PipeResult<Row, Params = unknown> {
  rows: Row[];
  /** The params sent (after validation), e.g. the date_from/date_to a preset resolved to. */
  params: Params;
  /** Query time Tinybird reports (statistics.elapsed), in ms. */
  elapsedMs: number;
  rowsRead: number;
  bytesRead: number;
  /** When the response arrived (epoch ms). */
  fetchedAt: number;
}

export type PipeResultOf<P extends PipeDefinition> = PipeResult<PipeRow<P>, PipeParams<P>>;

export interface FetchPipeOptions {
  apiUrl: string;
  token: string;
  signal?: AbortSignal;
  /** Give up on a request that hasn't answered by then (default PIPE_TIMEOUT_MS). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// Tinybird stops endpoint queries at 10 s; a request still open after that is a hung connection, and the widget
// should say so (with Retry) rather than show a skeleton forever.
export const PIPE_TIMEOUT_MS = 10_000;

const envelope = z.object({
  data: z.array(z.unknown()),
  statistics: z.optional(z.partial(z.object({ elapsed: z.number(), rows_read: z.number(), bytes_read: z.number() }))),
});

function describeIssues(error: z.core.$ZodError, prefix: string): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${[prefix, ...issue.path].filter((part) => part !== "").join(".")}: ${issue.message}`)
    .join("; ");
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); 1 when missing or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number {
  if (!header) return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - now) / 1000)) : 1;
}

// Browsers hide Retry-After from cross-origin scripts unless CORS exposes it; Tinybird also says it in the message.
function retryAfter(header: string | null, message: string): number {
  if (header !== null) return parseRetryAfter(header);
  const stated = /retry after (\d+(?:\.\d+)?) seconds?/i.exec(message);
  return stated ? Math.max(1, Math.ceil(Number(stated[1]))) : 1;
}

export function pipeUrl(apiUrl: string, name: string, params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    query.set(key, String(value));
  }
  const search = query.toString();
  return `${apiUrl.replace(/\/+$/, "")}/v0/pipes/${name}.json${search ? `?${search}` : ""}`;
}

export async function fetchPipe<P extends PipeDefinition>(
  pipe: P,
  params: PipeParams<P>,
  options: FetchPipeOptions,
): Promise<PipeResultOf<P>> {
  const checked = z.safeParse(pipe.params, params);
  if (!checked.success) {
    throw new PipeError(
      pipe.name,
      "invalid-params",
      `Invalid params for ${pipe.name}: ${describeIssues(checked.error, "")}`,
    );
  }
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? PIPE_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let body: unknown;
  try {
    response = await doFetch(pipeUrl(options.apiUrl, pipe.name, checked.data as Record<string, unknown>), {
      headers: { Authorization: `Bearer ${options.token}` },
      cache: "no-store",
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    // The body is read under the same deadline: a server can stall after the headers too.
    body = await response.json().catch((error: unknown) => {
      if (timeout.aborted) throw error;
      return undefined;
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) {
      throw new PipeError(pipe.name, "network", `Tinybird didn't answer ${pipe.name} within ${timeoutMs / 1000} s`, {
        timedOut: true,
      });
    }
    throw new PipeError(pipe.name, "network", `Couldn't reach Tinybird for ${pipe.name}`);
  }

  if (!response.ok) {
    const message = (body as { error?: unknown } | undefined)?.error;
    const detail = typeof message === "string" ? message : response.statusText;
    const status = response.status;
    if (status === 403 || status === 401) {
      throw new PipeError(pipe.name, "forbidden", `${pipe.name}: the analytics token was refused (${detail})`, {
        status,
      });
    }
    if (status === 429) {
      const retryAfterSeconds = retryAfter(response.headers.get("Retry-After"), detail);
      throw new PipeError(pipe.name, "rate-limited", `${pipe.name}: rate limited, retrying in ${retryAfterSeconds} s`, {
        status,
        retryAfterSeconds,
      });
    }
    const kind = status >= 500 ? "server" : "bad-request";
    throw new PipeError(pipe.name, kind, `${pipe.name} answered ${status}: ${detail}`, { status });
  }

  if (body === undefined) {
    throw new PipeError(pipe.name, "schema", `${pipe.name} answered with something that isn't JSON`);
  }
  const parsed = z.safeParse(envelope, body);
  if (!parsed.success) {
    throw new PipeError(
      pipe.name,
      "schema",
      `${pipe.name} answered an unexpected shape: ${describeIssues(parsed.error, "")}`,
    );
  }
  const rows = z.safeParse(z.array(pipe.row), parsed.data.data);
  if (!rows.success) {
    throw new PipeError(
      pipe.name,
      "schema",
      `${pipe.name} rows don't match its schema: ${describeIssues(rows.error, "row")}`,
    );
  }
  const statistics = parsed.data.statistics ?? {};
  return {
    rows: rows.data as PipeRow<P>[],
    params: checked.data as PipeParams<P>,
    elapsedMs: (statistics.elapsed ?? 0) * 1000,
    rowsRead: statistics.rows_read ?? 0,
    bytesRead: statistics.bytes_read ?? 0,
    fetchedAt: Date.now(),
  };
}
