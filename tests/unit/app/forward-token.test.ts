import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { forwardToken } from "@/lib/tinybird/server/forward-token";

function forwardedRequestHeaders(response: Response): Record<string, string> {
  const names = (response.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  return Object.fromEntries(names.map((name) => [name, response.headers.get(`x-middleware-request-${name}`) ?? ""]));
}

const spoofed = () =>
  new NextRequest("http://localhost/dashboard", {
    headers: {
      "x-tinybird-token": "forged",
      "x-tinybird-token-status": "ok",
      "x-tinybird-token-expires-at": "1",
      accept: "text/html",
    },
  });

describe("forwardToken", () => {
  it("forwards the token to Server Components and the client, uncacheable", () => {
    const response = forwardToken(spoofed(), { status: "ok", token: "real.jwt.token", expiresAt: 1234 });
    const forwarded = forwardedRequestHeaders(response);
    expect(forwarded["x-tinybird-token"]).toBe("real.jwt.token");
    expect(forwarded["x-tinybird-token-status"]).toBe("ok");
    expect(forwarded["x-tinybird-token-expires-at"]).toBe("1234");
    expect(forwarded.accept).toBe("text/html");
    expect(response.headers.get("x-tinybird-token")).toBe("real.jwt.token");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("drops every inbound copy of its headers when there is no token", () => {
    for (const status of ["signed-out", "no-org", "unavailable"] as const) {
      const response = forwardToken(spoofed(), { status });
      const forwarded = forwardedRequestHeaders(response);
      expect(forwarded["x-tinybird-token-status"]).toBe(status);
      expect(forwarded).not.toHaveProperty("x-tinybird-token");
      expect(forwarded).not.toHaveProperty("x-tinybird-token-expires-at");
      expect(response.headers.get("x-tinybird-token")).toBeNull();
    }
  });

  it("passes the middleware's other request headers on, over any inbound copy", () => {
    const inbound = new NextRequest("http://localhost/", {
      headers: { "x-nonce": "attacker-chosen", "content-security-policy": "script-src *" },
    });
    const policy = "script-src 'nonce-abc'";
    const forwarded = forwardedRequestHeaders(
      forwardToken(inbound, { status: "signed-out" }, { "x-nonce": "abc", "Content-Security-Policy": policy }),
    );
    expect(forwarded["x-nonce"]).toBe("abc");
    expect(forwarded["content-security-policy"]).toBe(policy);
  });
});
