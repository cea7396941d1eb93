"use client";
// SWR for pipes, configured once: one cache per (org, user), remounted when the token's tenant changes so another
// tenant's cached rows can never render, and dropped on sign-out. Fetches go through the token lifecycle.
import { useMemo, useRef, type ReactNode } from "react";
import { SWRConfig, type SWRConfiguration } from "swr";
import { createPipeFetcher } from "@/lib/tinybird/client/create-pipe-fetcher";
import { PipeClientContext } from "@/lib/tinybird/client/pipe-client-context";
import { createPipeHealth, withHealth } from "@/lib/tinybird/client/pipe-health";
import { pipeRetryDelay } from "@/lib/tinybird/client/pipe-retry-delay";
import { tenantKey, tokenTenant } from "@/lib/tinybird/token-tenant";
import { useTinybirdToken } from "@/lib/tinybird/client/use-tinybird-token";

const SWR_OPTIONS: SWRConfiguration = {
  revalidateOnFocus: true,
  focusThrottleInterval: 15_000,
  dedupingInterval: 2_000,
  // A new key (range, timezone, tenant) shows a skeleton, never rows fetched for other params.
  keepPreviousData: false,
  refreshWhenHidden: false,
  refreshWhenOffline: false,
  onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
    const delay = pipeRetryDelay(error, retryCount);
    if (delay !== null) setTimeout(() => void revalidate({ retryCount }), delay);
  },
};

export function PipeSWRProvider({ children }: { children: ReactNode }) {
  const { apiUrl, result, refresh } = useTinybirdToken();
  const token = result.status === "ok" ? result.token : null;
  // Read at fetch time, so a renewed token is used without changing any cache key.
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const decoded = token ? tokenTenant(token) : null;
  const id = tenantKey(decoded);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- same tenant, same object: renewals don't re-render widgets
  const tenant = useMemo(() => decoded, [id]);
  // One tenant's failures are not the next one's: a new store per tenant, like the cache.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the tenant id, not the object
  const health = useMemo(() => createPipeHealth(), [id]);
  const fetcher = useMemo(
    () => withHealth(createPipeFetcher({ apiUrl, currentToken: () => tokenRef.current, refresh }), health),
    [apiUrl, refresh, health],
  );
  const client = useMemo(() => ({ tenant, fetch: fetcher, health }), [tenant, fetcher, health]);
  const swr = useMemo<SWRConfiguration>(() => ({ ...SWR_OPTIONS, provider: () => new Map() }), []);

  return (
    <PipeClientContext.Provider value={client}>
      <SWRConfig key={id} value={swr}>
        {children}
      </SWRConfig>
    </PipeClientContext.Provider>
  );
}
