"use client";
// Holds the browser's Tinybird token: seeded by the server layout from the middleware's header, renewed through
// GET /api/tinybird-token shortly before it expires (one request at a time), cleared when the session ends.
import { createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { TOKEN_EXPIRES_HEADER, TOKEN_HEADER } from "@/lib/tinybird/token-headers";
import type { TokenResult } from "@/lib/tinybird/token-result";

// Must stay below the server cache's 30 s skew, so a renewal always gets a fresh token, not the cached one.
const RENEW_BEFORE_EXPIRY_MS = 20_000;
const RETRY_AFTER_FAILURE_MS = 15_000;
// Never renew more often than this, even if the browser's clock runs ahead of the server's.
const MIN_RENEW_INTERVAL_MS = 5_000;

export interface TinybirdTokenState {
  /** Base URL of the Tinybird API the token is for (run-time server config, e.g. http://localhost:7181). */
  apiUrl: string;
  result: TokenResult;
  /** Fetches a new token now; concurrent calls share one request. */
  refresh: () => Promise<TokenResult>;
}

export const TinybirdTokenContext = createContext<TinybirdTokenState | null>(null);

async function fetchToken(): Promise<TokenResult> {
  try {
    const response = await fetch("/api/tinybird-token", { cache: "no-store", credentials: "same-origin" });
    // The middleware hands the token over in response headers; the route only says whether there is one.
    const token = response.headers.get(TOKEN_HEADER);
    const expiresAt = Number(response.headers.get(TOKEN_EXPIRES_HEADER));
    if (response.ok && token && Number.isFinite(expiresAt)) return { status: "ok", token, expiresAt };
    if (response.status === 401) return { status: "signed-out" };
    if (response.status === 403) return { status: "no-org" };
  } catch {
    // Network failure: fall through to "unavailable" and retry later.
  }
  return { status: "unavailable" };
}

function sameResult(a: TokenResult, b: TokenResult): boolean {
  return a.status === b.status && (a.status !== "ok" || (b.status === "ok" && a.token === b.token));
}

export function TinybirdTokenProvider({
  apiUrl,
  initial,
  children,
}: {
  apiUrl: string;
  initial: TokenResult;
  children: ReactNode;
}) {
  const [result, setResult] = useState<TokenResult>(initial);
  const [seed, setSeed] = useState<TokenResult>(initial);
  // A server re-render (org switch, sign-out, retry) brings a new seed: it wins over what the client holds.
  if (!sameResult(seed, initial)) {
    setSeed(initial);
    setResult(initial);
  }
  // The seed a renewal started under: one that answers after an org switch or sign-out speaks for the old session.
  const seedRef = useRef(seed);
  seedRef.current = seed;
  const inflight = useRef<{ seed: TokenResult; promise: Promise<TokenResult> } | null>(null);

  const refresh = useCallback(() => {
    const startedWith = seedRef.current;
    if (inflight.current?.seed === startedWith) return inflight.current.promise;
    const promise = fetchToken()
      .then((next) => {
        // The same token again (the server's cache still holds it) changes nothing: no re-render, which during
        // hydration would restart it and run every widget's first request a second time.
        if (seedRef.current === startedWith) setResult((current) => (sameResult(current, next) ? current : next));
        return next;
      })
      .finally(() => {
        if (inflight.current?.promise === promise) inflight.current = null;
      });
    inflight.current = { seed: startedWith, promise };
    return promise;
  }, []);

  useEffect(() => {
    const delay =
      result.status === "ok"
        ? Math.max(MIN_RENEW_INTERVAL_MS, result.expiresAt - RENEW_BEFORE_EXPIRY_MS - Date.now())
        : result.status === "unavailable"
          ? RETRY_AFTER_FAILURE_MS
          : null;
    if (delay === null) return;
    const timer = setTimeout(() => void refresh(), delay);
    return () => clearTimeout(timer);
  }, [result, refresh]);

  const value = useMemo(() => ({ apiUrl, result, refresh }), [apiUrl, result, refresh]);
  return <TinybirdTokenContext.Provider value={value}>{children}</TinybirdTokenContext.Provider>;
}
