import { describe, expect, it, vi } from "vitest";
import { createPipeFetcher } from "@/lib/tinybird/client/create-pipe-fetcher";
import { PipeError } from "@/lib/tinybird/pipe-error";
import { statusCodes, usageKpis } from "@/lib/tinybird/pipes";
import type { TokenResult } from "@/lib/tinybird/token-result";
import { testToken } from "./test-tokens";

const ROW = { status: 200, status_class: 2, requests: 3, share: 1 };

/** A Tinybird stand-in that refuses the tokens in `rejected` and records which token each request carried. */
function tinybird(rejected: Set<string>) {
  const seen: string[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const token = new Headers(init?.headers).get("Authorization")!.replace("Bearer ", "");
    seen.push(token);
    if (rejected.has(token)) return new Response(JSON.stringify({ error: "Token has expired" }), { status: 403 });
    return new Response(JSON.stringify({ data: [ROW] }), { status: 200 });
  });
  return { fetch, seen };
}

describe("createPipeFetcher", () => {
  it("on a 403 renews the token and retries once with the new one", async () => {
    const [old, renewed] = [await testToken("member", "acme", "u1", 60), await testToken("member", "acme", "u1", 300)];
    let current = old;
    const refresh = vi.fn(async (): Promise<TokenResult> => {
      current = renewed;
      return { status: "ok", token: renewed, expiresAt: Date.now() + 300_000 };
    });
    const server = tinybird(new Set([old]));
    const fetchPipe = createPipeFetcher({
      apiUrl: "http://tb.test",
      currentToken: () => current,
      refresh,
      fetch: server.fetch,
    });
    const result = await fetchPipe(statusCodes, {}, { org: "acme", user: "u1" });
    expect(result.rows).toEqual([ROW]);
    expect(server.seen).toEqual([old, renewed]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("renews once for many widgets refused with the same token, even when their 403s arrive after the renewal", async () => {
    const old = await testToken("admin", "acme", "ada", 60);
    // The server's token cache may hand back the same token; the retry is still made once.
    const refresh = vi.fn(async (): Promise<TokenResult> => ({
      status: "ok",
      token: old,
      expiresAt: Date.now() + 60_000,
    }));
    // Each widget's first request is refused, its retry accepted.
    const refusedOnce = new Set<string>();
    const fetch = vi.fn(async (url: string | URL | Request) => {
      if (refusedOnce.has(String(url))) return new Response(JSON.stringify({ data: [ROW] }));
      refusedOnce.add(String(url));
      return new Response("{}", { status: 403 });
    });
    const fetchPipe = createPipeFetcher({ apiUrl: "http://tb.test", currentToken: () => old, refresh, fetch });
    const tenant = { org: "acme", user: null };
    const widget = (timezone: string) => fetchPipe(statusCodes, { timezone }, tenant);
    await Promise.all([widget("UTC"), widget("Europe/Berlin"), widget("Asia/Tokyo")]);
    await Promise.all([widget("Asia/Kolkata"), widget("America/Denver")]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(10);
  });

  it("gives up after one retry: a second 403 is the widget's error", async () => {
    const old = await testToken("member", "acme", "u1");
    const refresh = vi.fn(async (): Promise<TokenResult> => ({
      status: "ok",
      token: old,
      expiresAt: Date.now() + 60_000,
    }));
    const server = tinybird(new Set([old]));
    const fetchPipe = createPipeFetcher({
      apiUrl: "http://tb.test",
      currentToken: () => old,
      refresh,
      fetch: server.fetch,
    });
    await expect(fetchPipe(usageKpis, {}, { org: "acme", user: "u1" })).rejects.toMatchObject({ kind: "forbidden" });
    expect(server.seen).toHaveLength(2);
  });

  it("uses a token another widget already renewed instead of renewing again", async () => {
    const [old, renewed] = [await testToken("member", "acme", "u1", 60), await testToken("member", "acme", "u1", 300)];
    let current = old;
    const refresh = vi.fn(async (): Promise<TokenResult> => ({ status: "ok", token: renewed, expiresAt: 0 }));
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const token = new Headers(init?.headers).get("Authorization")!.slice(7);
      current = renewed; // renewed elsewhere while this request was in flight
      return token === old ? new Response("{}", { status: 403 }) : new Response(JSON.stringify({ data: [ROW] }));
    });
    const fetchPipe = createPipeFetcher({ apiUrl: "http://tb.test", currentToken: () => current, refresh, fetch });
    await fetchPipe(statusCodes, {}, { org: "acme", user: "u1" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("never sends a request for one tenant with another tenant's token", async () => {
    const globex = await testToken("member", "globex", "u1");
    const fetch = vi.fn();
    const fetchPipe = createPipeFetcher({
      apiUrl: "http://tb.test",
      currentToken: () => globex,
      refresh: vi.fn(),
      fetch,
    });
    const error = await fetchPipe(usageKpis, {}, { org: "acme", user: "u1" }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(PipeError);
    expect((error as PipeError).kind).toBe("tenant-changed");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("doesn't retry with a renewed token that belongs to another org (an org switch during the renewal)", async () => {
    const [acme, globex] = [await testToken("member", "acme", "u1"), await testToken("member", "globex", "u1")];
    const refresh = vi.fn(async (): Promise<TokenResult> => ({ status: "ok", token: globex, expiresAt: 0 }));
    const server = tinybird(new Set([acme]));
    const fetchPipe = createPipeFetcher({
      apiUrl: "http://tb.test",
      currentToken: () => acme,
      refresh,
      fetch: server.fetch,
    });
    await expect(fetchPipe(usageKpis, {}, { org: "acme", user: "u1" })).rejects.toMatchObject({
      kind: "tenant-changed",
    });
    expect(server.seen).toEqual([acme]);
  });

  it("keeps the 403 when the renewal finds no token (signed out, no org)", async () => {
    const old = await testToken("member", "acme", "u1");
    const refresh = vi.fn(async (): Promise<TokenResult> => ({ status: "signed-out" }));
    const fetchPipe = createPipeFetcher({
      apiUrl: "http://tb.test",
      currentToken: () => old,
      refresh,
      fetch: tinybird(new Set([old])).fetch,
    });
    await expect(fetchPipe(usageKpis, {}, { org: "acme", user: "u1" })).rejects.toMatchObject({ kind: "forbidden" });
  });
});
