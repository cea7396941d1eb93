// The local Tinybird server down, slow or failing while a local-mode app runs (production build, no
// TINYBIRD_JWT_SECRET, so the app reads the signing key from the server's GET /tokens): pages keep rendering,
// tokens are never faked, and everything recovers when the server is back, without restarting the app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRequest, tokenClaims } from "@/tests/support/app-request";
import { startNextServer, type NextServer } from "@/tests/support/next-server";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";
import { startFaultProxy, type Fault, type FaultProxy } from "@/tests/support/fault-proxy";

let tb: LocalServerProcess;
let proxy: FaultProxy;
let app: NextServer;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: "tinybird" });
  proxy = await startFaultProxy(tb.url);
  app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: proxy.url } });
});

afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
  await tb?.stop();
});

async function signIn(userId: string): Promise<string> {
  const response = await appRequest(app, "/api/local-auth/session", { method: "POST", json: { userId } });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

async function readThroughProxy(token: string): Promise<number> {
  const response = await fetch(`${proxy.url}/v0/pipes/status_codes.json`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe("local Tinybird server outages while the app runs", () => {
  const faults: Array<[string, Fault]> = [
    ["down", { kind: "down" }],
    ["slower than the 2 s /tokens timeout", { kind: "slow", delayMs: 5_000 }],
    ["answering 500", { kind: "error", status: 500 }],
  ];
  for (const [label, fault] of faults) {
    it(`before the signing key is known, a server ${label}: pages render "analytics unavailable", no token, no 500`, async () => {
      await proxy.set(fault);
      const cookie = await signIn("user_local_ada");
      const started = performance.now();
      const [page, developer, route] = await Promise.all(
        ["/dashboard", "/dashboard/developer", "/api/tinybird-token"].map((path) => appRequest(app, path, { cookie })),
      );
      // The middleware gives up within its 3 s budget however slow the server is.
      expect(performance.now() - started).toBeLessThan(4_500);
      expect(page!.status).toBe(200);
      expect(page!.testIdText("token-state-unavailable")).toMatch(/Analytics unavailable — retry/);
      expect(page!.headers.get("x-tinybird-token")).toBeNull();
      expect(developer!.status).toBe(200);
      expect(route!.status).toBe(503);
      expect(route!.headers.get("x-tinybird-token")).toBeNull();
    });
  }

  it("recovers as soon as the server answers again: same app, same session, a working token", async () => {
    const cookie = await signIn("user_local_ada");
    await proxy.set({ kind: "down" });
    expect((await appRequest(app, "/api/tinybird-token", { cookie })).status).toBe(503);
    await proxy.set({ kind: "none" });
    const route = await appRequest(app, "/api/tinybird-token", { cookie });
    expect(route.status).toBe(200);
    const token = route.headers.get("x-tinybird-token")!;
    expect(tokenClaims(token).fixedParams).toEqual({ org: "acme" });
    expect(await readThroughProxy(token)).toBe(200);
    const page = await appRequest(app, "/dashboard", { cookie });
    expect(page.status).toBe(200);
    expect(page.testIdText("token-state-unavailable")).toBeNull();
    expect(page.headers.get("x-tinybird-token")).toBe(token);
  });

  it("once the key is known, a crash of the server doesn't reach the pages, and its restart serves the tokens minted meanwhile", async () => {
    await proxy.set({ kind: "none" });
    await signIn("user_local_linus").then((cookie) => appRequest(app, "/api/tinybird-token", { cookie }));
    await tb.kill9();
    await proxy.set({ kind: "down" });

    // The app signs with the key it read from /tokens (kept for a minute), so new sessions still get tokens.
    const cookie = await signIn("user_local_grace");
    const page = await appRequest(app, "/dashboard", { cookie });
    expect(page.status).toBe(200);
    const token = page.headers.get("x-tinybird-token");
    expect(token).toBeTruthy();
    expect(tokenClaims(token!).fixedParams).toEqual({ org: "acme", user: "user_local_grace" });

    // The browser's reads fail while the server is gone…
    await expect(readThroughProxy(token!)).rejects.toThrow();
    // …and work again once it restarts on its data folder (same workspace, same signing key).
    await tb.restart();
    proxy.retarget(tb.url);
    await proxy.set({ kind: "none" });
    expect(await readThroughProxy(token!)).toBe(200);
    expect(app.output()).not.toMatch(/eyJ/);
  });
});
