// Starts a page's Tinybird requests from an inline script, as soon as the browser parses the HTML: the queries run
// while the JS loads and the page hydrates, instead of after. The requests are the ones the widgets will make (same
// URLs, same token in the Authorization header, never in the URL); prefetchedFetch hands each response to the first
// widget that asks for it. A request the widgets end up not making (the minute turned, the browser's timezone
// changed) is simply not used.
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import { pipeRequest } from "@/lib/tinybird/fetch-pipe";
import { PREFETCH_GLOBAL } from "@/lib/tinybird/prefetched-fetch";

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function PrefetchPipesScript({
  apiUrl,
  token,
  requests,
}: {
  apiUrl: string;
  token: string;
  requests: Array<[PipeDefinition, Record<string, unknown>]>;
}) {
  const urls = requests.map(([pipe, params]) => pipeRequest(pipe, params as PipeParams<typeof pipe>, apiUrl).url);
  // Unhandled rejections are caught here; the widget that takes the response sees the failure itself.
  const code =
    `(function(t,u){var m=window.${PREFETCH_GLOBAL}=new Map();u.forEach(function(x){` +
    `var r=fetch(x,{headers:{Authorization:"Bearer "+t},cache:"no-store"});r.catch(function(){});` +
    `m.set(x,{token:t,at:Date.now(),response:r})})})(${scriptJson(token)},${scriptJson(urls)})`;
  return <script dangerouslySetInnerHTML={{ __html: code }} />;
}
