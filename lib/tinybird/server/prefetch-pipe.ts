// A widget's first result, fetched while the server renders the page with the request's own token (the one the
// layout hands the browser anyway). Never cached; given up after the page's budget, when the browser fetches it.
import "server-only";
import { serverEnv } from "@/lib/env";
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import type { PendingSeed } from "@/lib/tinybird/client/pipe-seeds";
import { fetchPipe } from "@/lib/tinybird/fetch-pipe";
import { pipeKey } from "@/lib/tinybird/pipe-key";
import type { TokenTenant } from "@/lib/tinybird/token-tenant";

export interface PrefetchOptions {
  token: string;
  tenant: TokenTenant;
  budgetMs: number;
}

/**
 * Starts fetching `pipe` for the SWR key `keyParams` (sending `params`); the caller awaits when it renders. The result
 * is null when Tinybird failed or didn't answer within the budget: the browser then fetches (and reports) it.
 */
export function prefetchPipe<P extends PipeDefinition, K>(
  pipe: P,
  keyParams: K,
  params: PipeParams<P>,
  { token, tenant, budgetMs }: PrefetchOptions,
): PendingSeed {
  const result = fetchPipe(pipe, params, {
    apiUrl: serverEnv().NEXT_PUBLIC_TINYBIRD_API_URL,
    token,
    timeoutMs: budgetMs,
  }).catch(() => null);
  return { key: pipeKey(pipe, tenant, keyParams)!, result };
}
