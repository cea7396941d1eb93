import { ClerkProvider } from "@clerk/nextjs";
import type { ReactNode } from "react";
import type { AuthMode } from "@/lib/env";

export function AuthProvider({ mode, children }: { mode: AuthMode; children: ReactNode }) {
  return mode === "clerk" ? <ClerkProvider>{children}</ClerkProvider> : <>{children}</>;
}
