import { CircularReferenceError } from "../sql/pipe-sql";
import { QueryRefused } from "../sql/query-guard";
import { TemplateError } from "../sql/template-engine";
import { ApiError, PlainTextError, RawResponseError } from "./api-error";
import { clickhouseApiError } from "./run-query";

/** Maps what a handler throws to the response Tinybird would send; undefined for unexpected failures (500). */
export function toHttpError(error: unknown): ApiError | PlainTextError | RawResponseError | undefined {
  if (error instanceof ApiError || error instanceof PlainTextError || error instanceof RawResponseError) return error;
  if (error instanceof TemplateError) {
    if (error.body !== undefined)
      return new RawResponseError(error.status, error.body, error.contentType ?? "text/html");
    return new ApiError(error.status, error.message, error.documentation ?? "/query/query-parameters.html");
  }
  if (error instanceof CircularReferenceError) return new ApiError(400, error.message);
  if (error instanceof QueryRefused) {
    const headers: Record<string, string> =
      error.code === undefined ? {} : { "X-DB-Exception-Code": String(error.code) };
    return new ApiError(error.status, error.message, undefined, headers);
  }
  // Any SQL a request makes ClickHouse parse (checks before the query runs too) fails the way the query would.
  return clickhouseApiError(error);
}

/** The same error with the rate-limit headers of the request that produced it. */
export function withHeaders(error: unknown, headers: Record<string, string>): unknown {
  const mapped = toHttpError(error);
  if (!mapped || mapped instanceof RawResponseError) return mapped ?? error;
  Object.assign(mapped.headers, headers);
  return mapped;
}
