import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { authProvider } from "@/components/auth/auth-provider";
import { authMode } from "@/lib/auth/viewer";
import { NONCE_HEADER } from "@/lib/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: "API usage analytics — Next.js × Clerk × Tinybird",
  description: "Multi-tenant, real-time analytics starter",
};

// Reading the request's nonce also keeps every page dynamic: a prerendered page would carry no nonce, and the
// Content-Security-Policy would block its scripts.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en">
      <body>{await authProvider(authMode(), nonce, children)}</body>
    </html>
  );
}
