import type { ReactNode } from "react";
import type { AuthMode } from "@/lib/env";

export async function AuthProvider({ mode, children }: { mode: AuthMode; children: ReactNode }) {
  if (mode !== "clerk") return <>{children}</>;
  // Imported only in Clerk mode, so local-mode pages don't download Clerk's client code.
  const { ClerkProvider } = await import("@clerk/nextjs");
  return <ClerkProvider>{children}</ClerkProvider>;
}
