// Request/response headers the middleware owns. Inbound copies of all of them are dropped, never trusted.
export const TOKEN_HEADER = "x-tinybird-token";
export const TOKEN_STATUS_HEADER = "x-tinybird-token-status";
export const TOKEN_EXPIRES_HEADER = "x-tinybird-token-expires-at";
export const MIDDLEWARE_HEADERS = [TOKEN_HEADER, TOKEN_STATUS_HEADER, TOKEN_EXPIRES_HEADER] as const;
