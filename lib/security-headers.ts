// The browser-side guarantees every page carries: a nonce-based Content-Security-Policy (set per request by the
// middleware; Next.js reads the nonce from the request's copy and puts it on its own scripts) and fixed headers
// (set for every path by next.config.ts, which is why imports here are relative).
import { clerkFrontendApi } from "./auth/clerk-frontend-api";
import { serverEnv, type BuildKind, type ServerEnv } from "./env";

export const CSP_HEADER = "Content-Security-Policy";
/** The nonce alone, for server components that render scripts (Clerk's). */
export const NONCE_HEADER = "x-nonce";

// Clerk's abuse protection and bot challenge (Clerk's CSP guide); `:*` because protect.clerk.com serves other ports.
const CLERK_PROTECT = "https://*.protect.clerk.com";
const CLOUDFLARE_CHALLENGES = "https://challenges.cloudflare.com";

export interface CspSources {
  /** Origin of the Tinybird API the browser fetches pipes from. */
  tinybird: string;
  /** Clerk mode: Clerk's Frontend API. */
  clerk: { origin: string; development: boolean } | null;
}

/** An origin fit to stand in a policy: no spaces, quotes or semicolons that would add sources or directives. */
function cspOrigin(url: string, variable: string): string {
  const origin = new URL(url).origin;
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$|^https?:\/\/\[[0-9a-f:]+\](:\d+)?$/i.test(origin)) {
    throw new Error(`${variable}: ${url} can't be named in a Content-Security-Policy`);
  }
  return origin;
}

export function cspSources(
  env: Pick<ServerEnv, "NEXT_PUBLIC_TINYBIRD_API_URL" | "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY" | "authMode">,
): CspSources {
  return {
    tinybird: cspOrigin(env.NEXT_PUBLIC_TINYBIRD_API_URL, "NEXT_PUBLIC_TINYBIRD_API_URL"),
    clerk:
      env.authMode === "clerk" && env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY
        ? clerkFrontendApi(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)
        : null,
  };
}

/** The policy for one page: scripts only with this request's nonce (and what they load), fetches only to `sources`. */
export function contentSecurityPolicy(nonce: string, sources: CspSources, build: BuildKind): string {
  const clerk = sources.clerk;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets Next's nonce'd scripts load its chunks (and Clerk's clerk-js its own); the hosts and
    // 'self' only matter to browsers without it. React's dev build needs eval; production builds never get it.
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(build === "dev-server" ? ["'unsafe-eval'"] : []),
      ...(clerk ? [clerk.origin, CLOUDFLARE_CHALLENGES, CLERK_PROTECT] : []),
    ],
    // React renders style attributes (chart sizes, bar widths) and Clerk injects CSS-in-JS: neither can carry a nonce.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...(clerk ? ["https://img.clerk.com"] : [])],
    "font-src": ["'self'"],
    "connect-src": [
      "'self'",
      sources.tinybird,
      ...(clerk ? [clerk.origin, `${CLERK_PROTECT}:*`] : []),
      ...(clerk?.development ? ["https://clerk-telemetry.com"] : []),
    ],
    ...(clerk && {
      "frame-src": ["'self'", CLOUDFLARE_CHALLENGES, CLERK_PROTECT],
      "worker-src": ["'self'", "blob:"],
    }),
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${[...new Set(values)].join(" ")}`)
    .join("; ");
}

/** 128 random bits, base64: unguessable, and in the alphabet Next.js accepts for a nonce. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** One request's policy: `requestHeaders` go on to Next.js and server components, `policy` goes on the response. */
export function requestContentSecurityPolicy(env: ServerEnv = serverEnv()): {
  requestHeaders: Record<string, string>;
  policy: string;
} {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, cspSources(env), env.build);
  return { requestHeaders: { [CSP_HEADER]: policy, [NONCE_HEADER]: nonce }, policy };
}

/** Headers that are the same for every response of a deployment (next.config.ts sets them on every path). */
export function staticSecurityHeaders(production: boolean): Array<{ key: string; value: string }> {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // The dashboard uses none of these; a page injected into it can't either. Features Chromium knows, so it logs nothing.
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()",
    },
    // frame-ancestors 'none' says this to current browsers; X-Frame-Options to older ones.
    { key: "X-Frame-Options", value: "DENY" },
    // Production only: `next dev` on http://localhost must not pin the host to HTTPS.
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
