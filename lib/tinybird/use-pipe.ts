"use client";
// THE hook for Tinybird data: usePipe(pipe, params) → SWR state of validated rows. The key holds the pipe, the
// token's org and fixed user and the params, so one tenant's cached rows are never served to another.
import { useContext } from "react";
import useSWR, { type SWRResponse } from "swr";
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import type { PipeResultOf } from "@/lib/tinybird/fetch-pipe";
import type { PipeError } from "@/lib/tinybird/pipe-error";
import { PipeClientContext } from "@/lib/tinybird/pipe-client-context";
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

/** Rows of `pipe` for `params` (null: don't fetch yet), refetched when the key changes or the poll fires. */
export function usePipe<P extends PipeDefinition, K = PipeParams<P>>(
  pipe: P,
  params: K | null,
  options: UsePipeOptions<P, K> = {},
): SWRResponse<PipeResultOf<P>, PipeError> {
  const client = useContext(PipeClientContext);
  if (!client) throw new Error("usePipe() must be used inside <PipeSWRProvider>");
  const { toParams, refreshInterval } = options;
  return useSWR<PipeResultOf<P>, PipeError, PipeKey<K> | null>(
    pipeKey(pipe, client.tenant, params),
    ([, org, user, keyParams]) =>
      client.fetch(pipe, toParams ? toParams(keyParams, new Date()) : (keyParams as PipeParams<P>), { org, user }),
    { refreshInterval },
  );
}
