import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import { clerkFrontendApi } from "@/lib/auth/clerk-frontend-api";
import { parseServerEnv } from "@/lib/env";
import {
  contentSecurityPolicy,
  cspSources,
  newNonce,
  requestContentSecurityPolicy,
  staticSecurityHeaders,
  type CspSources,
} from "@/lib/security-headers";

const key = (host: string, kind = "live") =>
  `pk_${kind}_${Buffer.from(`${host}$`).toString("base64").replace(/=+$/, "")}`;
const local: CspSources = { tinybird: "http://localhost:7181", clerk: null };
const clerk: CspSources = { tinybird: "https://api.tinybird.co", clerk: clerkFrontendApi(key("clerk.example.com")) };

/** The policy as directive → sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("in local mode: scripts only by nonce, fetches only to the app and Tinybird, no framing, no plugins", () => {
    expect(directives(contentSecurityPolicy("n0nce", local, "production-build"))).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'nonce-n0nce'", "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'", "http://localhost:7181"],
      "object-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
  });

  it("allows eval only under `next dev`, where React's dev build needs it", () => {
    expect(directives(contentSecurityPolicy("n", local, "dev-server"))["script-src"]).toContain("'unsafe-eval'");
    for (const sources of [local, clerk]) {
      const scripts = directives(contentSecurityPolicy("n", sources, "production-build"))["script-src"];
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(scripts).not.toContain("'unsafe-inline'");
    }
  });

  it("in Clerk mode adds Clerk's Frontend API, images, bot challenge and workers, and nothing else", () => {
    const policy = directives(contentSecurityPolicy("n", clerk, "production-build"));
    expect(policy["script-src"]).toEqual([
      "'self'",
      "'nonce-n'",
      "'strict-dynamic'",
      "https://clerk.example.com",
      "https://challenges.cloudflare.com",
      "https://*.protect.clerk.com",
    ]);
    expect(policy["connect-src"]).toEqual([
      "'self'",
      "https://api.tinybird.co",
      "https://clerk.example.com",
      "https://*.protect.clerk.com:*",
    ]);
    expect(policy["img-src"]).toContain("https://img.clerk.com");
    expect(policy["frame-src"]).toEqual(["'self'", "https://challenges.cloudflare.com", "https://*.protect.clerk.com"]);
    expect(policy["worker-src"]).toEqual(["'self'", "blob:"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("lets a Clerk development instance send its telemetry", () => {
    const dev = { ...clerk, clerk: clerkFrontendApi(key("happy-cat-1.clerk.accounts.dev", "test")) };
    expect(directives(contentSecurityPolicy("n", dev, "production-build"))["connect-src"]).toContain(
      "https://clerk-telemetry.com",
    );
    expect(contentSecurityPolicy("n", clerk, "production-build")).not.toContain("clerk-telemetry");
  });
});

describe("cspSources", () => {
  const sources = (vars: Record<string, string>) => cspSources(parseServerEnv(vars));

  it("names the Tinybird API by origin, and Clerk's Frontend API only in Clerk mode", () => {
    expect(sources({ NEXT_PUBLIC_TINYBIRD_API_URL: "https://api.us-east.aws.tinybird.co/" })).toEqual({
      tinybird: "https://api.us-east.aws.tinybird.co",
      clerk: null,
    });
    expect(
      sources({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: key("clerk.example.com"), CLERK_SECRET_KEY: "sk_live_x" }).clerk,
    ).toEqual({ origin: "https://clerk.example.com", development: false });
  });

  it("refuses a Tinybird URL that would smuggle sources or directives into the policy", () => {
    // A URL parser accepts `;` in a host; the policy must not.
    const smuggled = "http://evil.example;script-src";
    expect(new URL(smuggled).origin).toBe(smuggled);
    expect(() =>
      cspSources({
        NEXT_PUBLIC_TINYBIRD_API_URL: smuggled,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: undefined,
        authMode: "local",
      }),
    ).toThrow(/NEXT_PUBLIC_TINYBIRD_API_URL: .* can't be named in a Content-Security-Policy/);
  });
});

describe("clerkFrontendApi", () => {
  it("reads the host a publishable key encodes, and refuses anything else", () => {
    expect(clerkFrontendApi(key("clerk.starter.test"))).toEqual({
      origin: "https://clerk.starter.test",
      development: false,
    });
    expect(clerkFrontendApi(key("a-b.clerk.accounts.dev", "test")).development).toBe(true);
    for (const bad of ["pk_live_", "sk_live_abc", key("clerk.example.com; script-src *"), key("localhost")]) {
      expect(() => clerkFrontendApi(bad)).toThrow(/doesn't encode a Clerk Frontend API host/);
    }
  });
});

describe("nonces", () => {
  it("are fresh per request and what Next.js reads back from the request's policy", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);

    const { requestHeaders, policy } = requestContentSecurityPolicy(parseServerEnv({}));
    expect(requestHeaders["Content-Security-Policy"]).toBe(policy);
    expect(getScriptNonceFromHeader(policy)).toBe(requestHeaders["x-nonce"]);
  });
});

describe("staticSecurityHeaders", () => {
  it("sends nosniff, the referrer policy, a permissions policy and no framing; HSTS only in production", () => {
    const production = Object.fromEntries(staticSecurityHeaders(true).map(({ key, value }) => [key, value]));
    expect(production).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(production["Permissions-Policy"]).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
    expect(staticSecurityHeaders(false).map(({ key }) => key)).not.toContain("Strict-Transport-Security");
  });
});
