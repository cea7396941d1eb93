import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { overviewRequests } from "@/lib/dashboard/overview-requests";
import { pipeRequest } from "@/lib/tinybird/fetch-pipe";
import { PrefetchPipesScript } from "@/lib/tinybird/prefetch-pipes-script";
import { prefetchedFetch, type PrefetchedResponse } from "@/lib/tinybird/prefetched-fetch";

const API = "http://tb.test";
const NOW = new Date("2026-11-20T10:15:30Z");
const QUERY = { range: { preset: "24h" as const }, timezone: "Europe/Berlin", compare: false, admin: true };

function urls(query = QUERY): string[] {
  return overviewRequests(query, NOW).map(([pipe, params]) => pipeRequest(pipe, params, API).url);
}

/** Runs the component's inline script as a browser would, with a recording fetch; returns what it left on window. */
function runScript(token: string, requestUrls: string[]) {
  const html = renderToStaticMarkup(createElement(PrefetchPipesScript, { apiUrl: API, token, requests: overviewRequests(QUERY, NOW) }));
  const code = /^<script>([\s\S]*)<\/script>$/.exec(html)![1]!;
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const window: Record<string, Map<string, PrefetchedResponse>> = {};
  const fetch = (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return Promise.resolve(new Response(JSON.stringify({ data: [] })));
  };
  runInNewContext(code, { window, fetch, Date });
  expect(calls.map((call) => call.url)).toEqual(requestUrls);
  return { code, calls, prefetched: window.__tinybirdPrefetch! };
}

describe("overviewRequests", () => {
  it("is one valid request per widget, with the members widget for admins and the previous period when comparing", () => {
    const names = (query: typeof QUERY) => overviewRequests(query, NOW).map(([pipe]) => pipe.name);
    expect(names(QUERY)).toEqual([
      "usage_kpis",
      "requests_over_time",
      "live_requests",
      "latency_over_time",
      "status_codes",
      "top_routes",
      "regions",
      "member_usage",
      "recent_requests",
    ]);
    expect(names({ ...QUERY, admin: false })).not.toContain("member_usage");
    expect(names({ ...QUERY, compare: true }).filter((name) => name === "requests_over_time")).toHaveLength(2);
    // A preset resolves to the end of the current minute, in the query's timezone; nothing names the org or user.
    expect(urls()[0]).toBe(`${API}/v0/pipes/usage_kpis.json?timezone=Europe%2FBerlin&date_from=2026-11-19+11%3A16%3A00&date_to=2026-11-20+11%3A16%3A00`);
    for (const url of urls()) expect(url).not.toMatch(/[?&](org|user|token)=/);
  });
});

describe("PrefetchPipesScript", () => {
  it("starts every request with the token in the Authorization header, never in a URL", () => {
    const { calls, prefetched } = runScript("header.payload.sig", urls());
    for (const call of calls) {
      expect(call.init.headers).toEqual({ Authorization: "Bearer header.payload.sig" });
      expect(call.init.cache).toBe("no-store");
    }
    expect([...prefetched.keys()]).toEqual(urls());
  });

  it("can't be broken out of by what it embeds", () => {
    const { code } = runScript("a</script><script>alert(1)</script>", urls());
    expect(code).not.toContain("</script>");
  });
});

describe("prefetchedFetch", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function prefetch(url: string, token: string, response: Promise<Response>, at = Date.now()) {
    const prefetched = new Map<string, PrefetchedResponse>([[url, { token, at, response }]]);
    vi.stubGlobal("window", { __tinybirdPrefetch: prefetched });
    const network = vi.fn(async () => new Response("from the network"));
    vi.stubGlobal("fetch", network);
    return network;
  }

  const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  it("hands the prefetched response to the first request for its URL and token, once", async () => {
    const network = prefetch(`${API}/a`, "t1", Promise.resolve(new Response("prefetched")));
    expect(await (await prefetchedFetch(`${API}/a`, auth("t1"))).text()).toBe("prefetched");
    expect(await (await prefetchedFetch(`${API}/a`, auth("t1"))).text()).toBe("from the network");
    expect(network).toHaveBeenCalledTimes(1);
  });

  it("never hands a response fetched with another token, or a stale one", async () => {
    prefetch(`${API}/a`, "t1", Promise.resolve(new Response("prefetched")));
    expect(await (await prefetchedFetch(`${API}/a`, auth("t2"))).text()).toBe("from the network");
    prefetch(`${API}/a`, "t1", Promise.resolve(new Response("prefetched")), Date.now() - 60_000);
    expect(await (await prefetchedFetch(`${API}/a`, auth("t1"))).text()).toBe("from the network");
  });

  it("keeps the caller's deadline for a prefetched request that hangs", async () => {
    prefetch(`${API}/a`, "t1", new Promise<Response>(() => undefined));
    const controller = new AbortController();
    const pending = prefetchedFetch(`${API}/a`, { ...auth("t1"), signal: controller.signal });
    controller.abort(new DOMException("deadline", "TimeoutError"));
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
