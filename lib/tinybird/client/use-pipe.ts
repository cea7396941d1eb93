"use client";
// THE hook for Tinybird data: usePipe(pipe, params) → SWR state of validated rows. The key holds the pipe, the
// token's org and fixed user and the params, so one tenant's cached rows are never served to another.
import { useContext, useRef } from "react";
import useSWR, { preload, unstable_serialize, useSWRConfig, type SWRResponse } from "swr";
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import type { PipeResultOf } from "@/lib/tinybird/fetch-pipe";
import type { PipeError } from "@/lib/tinybird/pipe-error";
import { PipeClientContext } from "@/lib/tinybird/client/pipe-client-context";
import { pipeKey, type PipeKey } from "@/lib/tinybird/pipe-key";

export interface UsePipeOptions<P extends PipeDefinition, K> {
  /** Turns the key's params into the pipe's at call time (e.g. a "7d" preset into date_from/date_to for now). */
  toParams?: (keyParams: K, now: Date) => PipeParams<P>;
  /** Poll every N ms while the tab is visible; 0 or undefined: don't poll. */
  refreshInterval?: number;
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
  const fetcher = ([, org, user, keyParams]: PipeKey<K>) =>
    client.fetch(pipe, toParams ? toParams(keyParams, new Date()) : (keyParams as PipeParams<P>), { org, user });
  // A result the server fetched for this page (<PipeSeeds>, SWR's fallback) is fresh: mounting asks Tinybird nothing.
  const { cache, fallback } = useSWRConfig();
  const id = key ? unstable_serialize(key) : null;
  const seeded = id !== null && fallback[id] !== undefined;
  const swr = useSWR<PipeResultOf<P>, PipeError, PipeKey<K> | null>(
    key,
    fetcher,
    seeded ? { refreshInterval, revalidateOnMount: false } : { refreshInterval },
  );

  // Nothing for this key yet: start the request now, during (hydration's) render, rather than in SWR's effect after
  // the whole page has committed, hundreds of ms later on a slow device. SWR's first fetch of the key takes it.
  // Not when another widget's request for the key is under way: widgets hydrate one Suspense boundary at a time.
  const preloaded = useRef<string | null>(null);
  if (key && id && swr.data === undefined && swr.error === undefined && !cache.get(id)?.isValidating) {
    if (preloaded.current !== id) {
      preloaded.current = id;
      // SWR reports a failure when its fetch takes the promise; it is never an unhandled rejection.
      preload(key, fetcher)?.catch(() => undefined);
    }
  }
  return swr;
}
