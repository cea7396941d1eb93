// Why a pipe request failed, in the terms the UI needs: what to tell the user and whether retrying can help.
export type PipeErrorKind =
  | "invalid-params" // the app built bad params: a bug, retrying won't help
  | "forbidden" // 403: the token was rejected (expired, revoked, wrong workspace)
  | "rate-limited" // 429: wait retryAfterSeconds
  | "bad-request" // 400/404: Tinybird refused the query
  | "server" // 5xx
  | "network" // no response at all
  | "schema" // the response doesn't match the pipe's declared rows
  | "tenant-changed"; // the token now belongs to another org or user than the request was for

export class PipeError extends Error {
  readonly pipe: string;
  readonly kind: PipeErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** A network error that was the browser giving up after PIPE_TIMEOUT_MS, not a refused connection. */
  readonly timedOut: boolean;
  /** When it happened (epoch ms), so a "retrying in N s" countdown can be shown. */
  readonly at: number;

  constructor(
    pipe: string,
    kind: PipeErrorKind,
    message: string,
    details: { status?: number; retryAfterSeconds?: number; timedOut?: boolean } = {},
  ) {
    super(message);
    this.name = "PipeError";
    this.pipe = pipe;
    this.kind = kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.timedOut = details.timedOut ?? false;
    this.at = Date.now();
  }
}
