// The middleware's token decision as Server Components and route handlers see it (request headers).
import "server-only";
import { headers } from "next/headers";
import { TOKEN_EXPIRES_HEADER, TOKEN_HEADER, TOKEN_STATUS_HEADER } from "@/lib/tinybird/token-headers";
import { TOKEN_STATUSES, type TokenResult, type TokenStatus } from "@/lib/tinybird/token-result";

export async function requestToken(): Promise<TokenResult> {
  const incoming = await headers();
  const status = incoming.get(TOKEN_STATUS_HEADER) as TokenStatus | null;
  // No decision means the middleware did not run for this route: treat it as a failure, not as signed out.
  if (!status || !TOKEN_STATUSES.includes(status)) return { status: "unavailable" };
  if (status !== "ok") return { status };
  const token = incoming.get(TOKEN_HEADER);
  const expiresAt = Number(incoming.get(TOKEN_EXPIRES_HEADER));
  if (!token || !Number.isFinite(expiresAt)) return { status: "unavailable" };
  return { status: "ok", token, expiresAt };
}
