"use client";
// THE hook for Tinybird data: usePipe(pipe, params) → SWR state of validated rows. The key holds the pipe, the
// token's org and fixed user and the params, so one tenant's cached rows are never served to another.
import { useContext } from "react";
import useSWR, { unstable_serialize, type SWRResponse } from "swr";
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import type { PipeResultOf } from "@/lib/tinybird/fetch-pipe";
import type { PipeError } from "@/lib/tinybird/pipe-error";
import { PipeClientContext } from "@/lib/tinybird/client/pipe-client-context";
import type { TokenTenant } from "@/lib/tinybird/token-tenant";

export interface UsePipeOptions<P extends PipeDefinition, K> {
  /** Turns the key's params into the pipe's at call time (e.g. a "7d" preset into date_from/date_to for now). */
  toParams?: (keyParams: K, now: Date) => PipeParams<P>;
  /** Poll every N ms while the tab is visible; 0 or undefined: don't poll. */
  refreshInterval?: number;
}

export type PipeKey<K> = readonly [pipe: string, org: string, user: string | null, params: K];

export function pipeKey<K>(pipe: PipeDefinition, tenant: TokenTenant | null, params: K | null): PipeKey<K> | null {
  return tenant && params !== null ? [pipe.name, tenant.org, tenant.user, params] : null;
}

// Requests started while rendering (before SWR's effects run), handed to SWR's first fetch of the same key; and
// when each key last started a request, so a render never starts one while another is in flight.
const EARLY_TTL_MS = 10_000;
const early = new Map<string, { promise: Promise<unknown>; at: number }>();
const started = new Map<string, number>();

function markStarted(id: string): void {
  const now = Date.now();
  for (const [key, at] of started) if (now - at > EARLY_TTL_MS) started.delete(key);
  started.set(id, now);
}

function takeEarly(id: string): Promise<unknown> | undefined {
  const entry = early.get(id);
  early.delete(id);
  // A request whose render never committed isn't handed to a later fetch of the same key.
  return entry && Date.now() - entry.at < EARLY_TTL_MS ? entry.promise : undefined;
}

/** Rows of `pipe` for `params` (null: don't fetch yet), refetched when the key changes or the poll fires. */
export function usePipe<P extends PipeDefinition, K = PipeParams<P>>(
  pipe: P,
  params: K | null,
  options: UsePipeOptions<P, K> = {},
): SWRResponse<PipeResultOf<P>, PipeError> {
  const client = useContext(PipeClientContext);
  if (!client) throw new Error("usePipe() must be used inside <PipeSWRProvider>");
  const { toParams, refreshInterval } = options;
  const key = pipeKey(pipe, client.tenant, params);
  const id = key ? unstable_serialize(key) : null;
  const request = ([, org, user, keyParams]: PipeKey<K>) =>
    client.fetch(pipe, toParams ? toParams(keyParams, new Date()) : (keyParams as PipeParams<P>), { org, user });

  const swr = useSWR<PipeResultOf<P>, PipeError, PipeKey<K> | null>(
    key,
    (fetchKey) => {
      const fetchId = unstable_serialize(fetchKey);
      const ready = takeEarly(fetchId) as Promise<PipeResultOf<P>> | undefined;
      if (ready) return ready;
      markStarted(fetchId);
      return request(fetchKey);
    },
    { refreshInterval },
  );
  // Nothing for this key and no request for it lately: send it now, during (hydration's) render, rather than after
  // the whole page has committed, hundreds of ms later on a slow device.
  const recent = id !== null && Date.now() - (started.get(id) ?? 0) < EARLY_TTL_MS;
  if (key && id && typeof window !== "undefined" && swr.data === undefined && swr.error === undefined && !recent) {
    markStarted(id);
    const promise = request(key);
    promise.catch(() => undefined); // SWR reports the error when it takes the promise; never an unhandled rejection
    early.set(id, { promise, at: Date.now() });
  }
  return swr;
}
