import type { ServerResponse } from "node:http";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Passes ClickHouse's output bytes through unchanged. */
export function sendBytes(
  res: ServerResponse,
  status: number,
  bytes: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": bytes.byteLength });
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function setRateLimitHeaders(
  headers: Record<string, string>,
  result: { limited: boolean; limit: number; remaining: number; retryAfter: number; resetAfter: number },
): void {
  headers["X-RateLimit-Limit"] = String(result.limit);
  headers["X-RateLimit-Remaining"] = String(result.remaining);
  headers["X-RateLimit-Reset"] = String(Math.ceil(result.resetAfter));
  if (result.limited) headers["Retry-After"] = String(retrySeconds(result.retryAfter));
}

/** Whole seconds to wait, rounded up the way Tinybird reports it (floor + 1). */
export function retrySeconds(retryAfter: number): number {
  return Math.floor(retryAfter) + 1;
}
