// What the middleware decided about a request's Tinybird token; shared by middleware, server and client code.
export type TokenResult =
  | { status: "ok"; token: string; /** epoch ms */ expiresAt: number }
  | { status: "signed-out" | "no-org" | "unavailable" };

export type TokenStatus = TokenResult["status"];

export const TOKEN_STATUSES: readonly TokenStatus[] = ["ok", "signed-out", "no-org", "unavailable"];
