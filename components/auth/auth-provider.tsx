import type { ReactNode } from "react";
import type { AuthMode } from "@/lib/env";

/**
 * `children` inside the auth mode's provider. A function the layout awaits, not an async component: an async
 * component reaches the browser as a lazy child of its parent element, and when that child resolves mid-hydration
 * React 19.2 can misplace its hydration cursor in the parent and report a mismatch on an identical tree
 * (react/react#37584). eslint.config.mjs keeps async components to app/'s pages and layouts.
 */
export async function authProvider(mode: AuthMode, nonce: string | undefined, children: ReactNode): Promise<ReactNode> {
  if (mode !== "clerk") return children;
  // Imported only in Clerk mode: local mode never loads Clerk's server code. (Its browser chunk, ~38 kB gzip, still
  // ships with local-mode pages: Next bundles every client component a server module can import.)
  const { ClerkProvider } = await import("@clerk/nextjs");
  // The nonce lets clerk-js (loaded from Clerk's Frontend API) past the page's Content-Security-Policy.
  return <ClerkProvider nonce={nonce}>{children}</ClerkProvider>;
}
