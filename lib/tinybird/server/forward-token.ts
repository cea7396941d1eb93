// Hands the middleware's decision to the rest of the request: request headers for Server Components and route
// handlers; the token and its expiry as response headers, which the browser's token renewal reads
// (GET /api/tinybird-token); and no shared caching of anything that carries it. `requestHeaders` are the
// middleware's other decisions for the request (its Content-Security-Policy), set over any inbound copy.
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import {
  MIDDLEWARE_HEADERS,
  TOKEN_EXPIRES_HEADER,
  TOKEN_HEADER,
  TOKEN_STATUS_HEADER,
} from "@/lib/tinybird/token-headers";
import type { TokenResult } from "@/lib/tinybird/token-result";

export function forwardToken(
  request: NextRequest,
  result: TokenResult,
  requestHeaders: Record<string, string> = {},
): NextResponse {
  const headers = new Headers(request.headers);
  for (const name of MIDDLEWARE_HEADERS) headers.delete(name);
  for (const [name, value] of Object.entries(requestHeaders)) headers.set(name, value);
  headers.set(TOKEN_STATUS_HEADER, result.status);
  if (result.status === "ok") {
    headers.set(TOKEN_HEADER, result.token);
    headers.set(TOKEN_EXPIRES_HEADER, String(result.expiresAt));
  }
  const response = NextResponse.next({ request: { headers } });
  if (result.status === "ok") {
    response.headers.set(TOKEN_HEADER, result.token);
    response.headers.set(TOKEN_EXPIRES_HEADER, String(result.expiresAt));
    response.headers.set("Cache-Control", "private, no-store");
  }
  return response;
}
