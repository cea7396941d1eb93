const DOCS = "https://docs.tinybird.co";
export const AUTH_DOCS = "/api-reference/overview#authentication";
export const LIMITS_DOCS = "/api-reference/api-reference.html#limits";
export const SCOPES_DOCS = "/api-reference/token-api.html#scopes-and-tokens";

/** An error answered as Tinybird's `{"error", "documentation"}` JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Path under docs.tinybird.co, a full URL, or null for none. */
    readonly documentation?: string | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The documentation link Tinybird attaches by default for this status (docs/tinybird-compat.md §1.1). */
  documentationUrl(routeDocs: string): string | undefined {
    if (this.documentation === null) return undefined;
    const path =
      this.documentation ??
      (this.status === 403 ? AUTH_DOCS : [408, 411, 413, 429].includes(this.status) ? LIMITS_DOCS : routeDocs);
    return path.startsWith("http") ? path : `${DOCS}${path}`;
  }
}

/** An error answered as plain text, the way the Events API does (`Invalid token\n`). */
export class PlainTextError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A response body written as given, for a template's `custom_error(body, status)`. */
export class RawResponseError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType: string,
  ) {
    super(body);
  }
}
