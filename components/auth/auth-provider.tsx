import type { ReactNode } from "react";
import type { AuthMode } from "@/lib/env";

export async function AuthProvider({ mode, nonce, children }: { mode: AuthMode; nonce?: string; children: ReactNode }) {
  if (mode !== "clerk") return <>{children}</>;
  // Imported only in Clerk mode, so local-mode pages don't download Clerk's client code.
  const { ClerkProvider } = await import("@clerk/nextjs");
  // The nonce lets clerk-js (loaded from Clerk's Frontend API) past the page's Content-Security-Policy.
  return <ClerkProvider nonce={nonce}>{children}</ClerkProvider>;
}
