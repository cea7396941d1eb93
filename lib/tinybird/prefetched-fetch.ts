// The browser side of <PrefetchPipesScript>: responses to requests the page's inline script started while the HTML
// was parsed, each handed to the first fetch of the same URL with the same token. Anything else, or later, is a
// plain fetch. A response is used once, so its body is read once.
export const PREFETCH_GLOBAL = "__tinybirdPrefetch";
const MAX_AGE_MS = 10_000;

export interface PrefetchedResponse {
  token: string;
  /** When the script started the request (epoch ms). */
  at: number;
  response: Promise<Response>;
}

declare global {
  interface Window {
    [PREFETCH_GLOBAL]?: Map<string, PrefetchedResponse>;
  }
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

export const prefetchedFetch: typeof fetch = (input, init) => {
  const prefetched = typeof window === "undefined" ? undefined : window[PREFETCH_GLOBAL];
  const url = requestUrl(input);
  const entry = prefetched?.get(url);
  if (!entry) return fetch(input, init);
  prefetched!.delete(url);
  const fresh = Date.now() - entry.at < MAX_AGE_MS;
  if (!fresh || new Headers(init?.headers).get("Authorization") !== `Bearer ${entry.token}`) return fetch(input, init);
  const signal = init?.signal;
  if (!signal) return entry.response;
  // The caller's deadline still applies to a request it didn't start.
  return new Promise<Response>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    entry.response.then(resolve, reject);
  });
};
