// Local demo auth on the production build: sign-in through /api/local-auth/session, tokens self-signed with the
// credentials the local Tinybird server hands out on GET /tokens.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRequest, tokenClaims } from "@/tests/support/app-request";
import { freePort } from "@/tests/support/free-port";
import { startNextServer, type NextServer } from "@/tests/support/next-server";

const ADMIN_TOKEN = "p.local-integration-admin-token";
const WORKSPACE_ID = "ws_local_integration";

let tokensServer: Server;
let tokensHits = 0;
let app: NextServer;
let tinybirdUrl: string;

async function signIn(
  body: unknown,
  cookie?: string,
): Promise<{ status: number; cookie: string; setCookie: string; body: unknown }> {
  const response = await appRequest(app, "/api/local-auth/session", { method: "POST", json: body, cookie });
  const setCookie = response.headers.getSetCookie().find((value) => value.startsWith("local_session=")) ?? "";
  return { status: response.status, cookie: setCookie.split(";")[0]!, setCookie, body: await response.json() };
}

beforeAll(async () => {
  // Stands in for the local Tinybird server's GET /tokens, as Tinybird Local serves it.
  tokensServer = createServer((_, response) => {
    tokensHits += 1;
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ workspace_id: WORKSPACE_ID, admin_token: ADMIN_TOKEN, user_token: "p.user" }));
  });
  await new Promise<void>((resolve) => tokensServer.listen(0, "127.0.0.1", resolve));
  tinybirdUrl = `http://127.0.0.1:${(tokensServer.address() as AddressInfo).port}`;
  app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tinybirdUrl } });
});

afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => tokensServer?.close(resolve));
});

describe("local mode", () => {
  it("signs Ada in with a signed HttpOnly SameSite=Lax cookie and gives her acme's org-wide admin token", async () => {
    const ada = await signIn({ userId: "user_local_ada" });
    expect(ada.status).toBe(200);
    expect(ada.body).toEqual({ userId: "user_local_ada", orgSlug: "acme" });
    expect(ada.setCookie).toMatch(/HttpOnly/i);
    expect(ada.setCookie).toMatch(/SameSite=Lax/i);
    expect(ada.setCookie).toMatch(/Path=\//);

    const page = await appRequest(app, "/dashboard/developer", { cookie: ada.cookie });
    expect(page.status).toBe(200);
    const token = page.headers.get("x-tinybird-token")!;
    const { payload } = await jwtVerify(token, new TextEncoder().encode(ADMIN_TOKEN));
    expect(payload.workspace_id).toBe(WORKSPACE_ID);
    expect(payload.name).toBe("admin_acme_user_local_ada");
    expect(tokenClaims(token).fixedParams).toEqual({ org: "acme" });
    expect(page.headers.get("cache-control")).toMatch(/private.*no-store|no-store.*private/);
    expect(page.testIdText("token-claim-org")).toBe("acme");
    expect(page.testIdText("user-name")).toBe("Ada Lovelace");

    const route = await appRequest(app, "/api/tinybird-token", { cookie: ada.cookie });
    expect(route.status).toBe(200);
    expect(route.headers.get("x-tinybird-token")).toBe(token);
    expect(Number(route.headers.get("x-tinybird-token-expires-at"))).toBe((tokenClaims(token).exp as number) * 1000);
  });

  it("switches Grace from acme to globex and the claims follow", async () => {
    const grace = await signIn({ userId: "user_local_grace" });
    const atAcme = await appRequest(app, "/api/tinybird-token", { cookie: grace.cookie });
    expect(tokenClaims(atAcme.headers.get("x-tinybird-token")!).fixedParams).toEqual({
      org: "acme",
      user: "user_local_grace",
    });

    const switched = await signIn({ userId: "user_local_grace", orgSlug: "globex" }, grace.cookie);
    expect(switched.body).toEqual({ userId: "user_local_grace", orgSlug: "globex" });
    const page = await appRequest(app, "/dashboard/developer", { cookie: switched.cookie });
    const claims = tokenClaims(page.headers.get("x-tinybird-token")!);
    expect(claims.fixedParams).toEqual({ org: "globex", user: "user_local_grace" });
    expect(claims.name).toBe("member_globex_user_local_grace");
    expect(page.testIdText("token-claim-org")).toBe("globex");
  });

  it("reuses a token within its lifetime and reads /tokens once", async () => {
    const margaret = await signIn({ userId: "user_local_margaret" });
    const first = await appRequest(app, "/api/tinybird-token", { cookie: margaret.cookie });
    const hits = tokensHits;
    for (let i = 0; i < 3; i += 1) {
      const again = await appRequest(app, "/api/tinybird-token", { cookie: margaret.cookie });
      expect(again.headers.get("x-tinybird-token")).toBe(first.headers.get("x-tinybird-token"));
    }
    expect(tokensHits).toBe(hits);
    expect(tokensHits).toBe(1);
  });

  it("refuses unknown users, foreign orgs and malformed requests with a clear 400", async () => {
    expect(await signIn({ userId: "user_mallory" })).toMatchObject({
      status: 400,
      cookie: "",
      body: { error: 'Unknown user "user_mallory"; see the demo directory on /sign-in' },
    });
    expect(await signIn({ userId: "user_local_margaret", orgSlug: "acme" })).toMatchObject({
      status: 400,
      body: { error: 'User "user_local_margaret" is not a member of organization "acme"' },
    });
    expect((await signIn({ orgSlug: "acme" })).status).toBe(400);
    const plain = await appRequest(app, "/api/local-auth/session", {
      method: "POST",
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
  });

  it("gives Nora, who has no organization, 'choose an organization' and no token", async () => {
    const nora = await signIn({ userId: "user_local_nora" });
    expect(nora.body).toEqual({ userId: "user_local_nora", orgSlug: null });
    expect((await appRequest(app, "/api/tinybird-token", { cookie: nora.cookie })).status).toBe(403);
    const page = await appRequest(app, "/dashboard", { cookie: nora.cookie });
    expect(page.status).toBe(200);
    expect(page.testIdText("token-state-no-org")).toMatch(/Choose an organization/);
    expect(page.headers.get("x-tinybird-token")).toBeNull();
  });

  it("treats a tampered cookie, a spoofed header and a signed-out session as signed out", async () => {
    const ada = await signIn({ userId: "user_local_ada" });
    const [name, value] = ada.cookie.split("=");
    const [header, , signature] = value!.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "user_local_linus", sid: "s", org: "globex", exp: 9e9 })).toString(
      "base64url",
    );
    const tampered = `${name}=${header}.${forged}.${signature}`;
    expect((await appRequest(app, "/api/tinybird-token", { cookie: tampered })).status).toBe(401);
    const redirected = await appRequest(app, "/dashboard", { cookie: tampered });
    expect(redirected.status).toBe(307);
    expect(redirected.headers.get("location")).toMatch(/\/sign-in$/);

    const spoof = {
      "x-tinybird-token": "eyJforged",
      "x-tinybird-token-status": "ok",
      "x-tinybird-token-expires-at": "9999999999999",
    };
    const anonymous = await appRequest(app, "/api/tinybird-token", { headers: spoof });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-tinybird-token")).toBeNull();
    const landing = await appRequest(app, "/", { headers: spoof });
    expect(landing.status).toBe(200);
    expect(landing.headers.get("x-tinybird-token")).toBeNull();
    expect(landing.testIdText("landing-sign-in")).toBe("Sign in");
  });

  it("signs out: the cookie is cleared and the token route answers 401", async () => {
    const grace = await signIn({ userId: "user_local_grace" });
    const out = await appRequest(app, "/api/local-auth/session", { method: "DELETE", cookie: grace.cookie });
    expect(out.status).toBe(200);
    const cleared = out.headers.getSetCookie().find((value) => value.startsWith("local_session="))!;
    expect(cleared).toMatch(/^local_session=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    const after = await appRequest(app, "/api/tinybird-token", { cookie: cleared.split(";")[0] });
    expect(after.status).toBe(401);
  });

  it("with the local Tinybird server down: the unavailable state, no token, a 503 and no 500", async () => {
    const unreachable = `http://localhost:${await freePort()}`;
    const broken = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: unreachable } });
    try {
      const response = await appRequest(broken, "/api/local-auth/session", {
        method: "POST",
        json: { userId: "user_local_ada" },
      });
      const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
      const page = await appRequest(broken, "/dashboard", { cookie });
      expect(page.status).toBe(200);
      expect(page.testIdText("token-state-unavailable")).toMatch(/Analytics unavailable — retry/);
      expect(page.headers.get("x-tinybird-token")).toBeNull();
      expect((await appRequest(broken, "/api/tinybird-token", { cookie })).status).toBe(503);
      expect(broken.output()).toContain(`GET ${unreachable}/tokens failed`);
    } finally {
      await broken.stop();
    }
  });

  it("sends the security headers on every page, and its Content-Security-Policy's nonce on every script", async () => {
    const ada = await signIn({ userId: "user_local_ada" });
    const nonces = new Set<string>();
    for (const [path, cookie] of [
      ["/", undefined],
      ["/sign-in", undefined],
      ["/dashboard", ada.cookie],
      ["/dashboard/developer", ada.cookie],
      ["/no-such-page", undefined],
    ] as const) {
      const page = await appRequest(app, path, { cookie });
      expect(page.headers.get("content-type"), path).toMatch(/^text\/html/);
      const policy = page.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce, `${path}: ${policy}`).toBeTruthy();
      nonces.add(nonce!);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain(`connect-src 'self' ${tinybirdUrl};`);
      expect(policy).not.toMatch(/unsafe-eval/);
      const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(page.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
    }
    expect(nonces.size).toBe(5);

    // Static files get the fixed headers too (next.config.ts), and no per-request policy.
    const icon = await appRequest(app, "/icon.svg");
    expect(icon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(icon.headers.get("content-security-policy")).toBeNull();
  });

  it("ignores a nonce or policy the request brings", async () => {
    const page = await appRequest(app, "/sign-in", {
      headers: { "x-nonce": "chosen", "content-security-policy": "script-src 'nonce-chosen'" },
    });
    expect(page.headers.get("content-security-policy")).not.toContain("chosen");
    expect(page.text).not.toContain('nonce="chosen"');
  });
});
