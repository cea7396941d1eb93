// The browser's token renewal. The middleware already minted the token for this request and put it, with its expiry,
// in the response headers (lib/tinybird/server/forward-token.ts); this route only answers with the status.
import { NextResponse } from "next/server";
import { requestToken } from "@/lib/tinybird/server/request-token";

const STATUS_CODES = { "signed-out": 401, "no-org": 403, unavailable: 503 } as const;
const MESSAGES = {
  "signed-out": "Sign in to get a Tinybird token",
  "no-org": "Choose an organization to get a Tinybird token",
  unavailable: "Analytics unavailable: the token could not be minted, retry shortly",
} as const;

export async function GET() {
  const result = await requestToken();
  if (result.status === "ok")
    return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "private, no-store" } });
  return NextResponse.json(
    { error: MESSAGES[result.status], status: result.status },
    { status: STATUS_CODES[result.status], headers: { "Cache-Control": "no-store" } },
  );
}
