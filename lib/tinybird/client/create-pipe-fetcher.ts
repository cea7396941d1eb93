// The token lifecycle around fetchPipe, shared by every widget: requests carry the current token, a 403 renews the
// token once (one renewal per rejected token, however many widgets hit it) and retries once, and a token that
// now belongs to another tenant than the request was made for is never used.
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import { fetchPipe, type PipeResultOf } from "@/lib/tinybird/fetch-pipe";
import { PipeError } from "@/lib/tinybird/pipe-error";
import type { TokenResult } from "@/lib/tinybird/token-result";
import { sameTenant, tokenTenant, type TokenTenant } from "@/lib/tinybird/token-tenant";

export type PipeFetcher = <P extends PipeDefinition>(
  pipe: P,
  params: PipeParams<P>,
  tenant: TokenTenant,
) => Promise<PipeResultOf<P>>;

export interface PipeFetcherOptions {
  apiUrl: string;
  /** The token the browser holds right now (null when there is none). */
  currentToken: () => string | null;
  /** Renews the token (the provider's single-flight refresh). */
  refresh: () => Promise<TokenResult>;
  fetch?: typeof fetch;
}

export function createPipeFetcher({ apiUrl, currentToken, refresh, fetch }: PipeFetcherOptions): PipeFetcher {
  let renewal: { rejected: string; token: Promise<string | null> } | null = null;

  function renewAfterRejection(rejected: string): Promise<string | null> {
    const current = currentToken();
    // Another widget already got a new token since this request started.
    if (current && current !== rejected) return Promise.resolve(current);
    if (renewal?.rejected !== rejected) {
      renewal = { rejected, token: refresh().then((result) => (result.status === "ok" ? result.token : null)) };
    }
    return renewal.token;
  }

  return async (pipe, params, tenant) => {
    const usable = (token: string | null): string => {
      if (!token || !sameTenant(tokenTenant(token), tenant)) {
        throw new PipeError(pipe.name, "tenant-changed", `${pipe.name}: the organization changed; reloading`);
      }
      return token;
    };
    const token = usable(currentToken());
    try {
      return await fetchPipe(pipe, params, { apiUrl, token, fetch });
    } catch (error) {
      if (!(error instanceof PipeError) || error.kind !== "forbidden") throw error;
      const renewed = await renewAfterRejection(token);
      if (!renewed) throw error;
      return fetchPipe(pipe, params, { apiUrl, token: usable(renewed), fetch });
    }
  };
}
