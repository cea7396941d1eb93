import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AuthProvider } from "@/components/auth/auth-provider";
import { authMode } from "@/lib/auth/viewer";
import "./globals.css";

export const metadata: Metadata = {
  title: "API usage analytics — Next.js × Clerk × Tinybird",
  description: "Multi-tenant, real-time analytics starter",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AuthProvider mode={authMode()}>{children}</AuthProvider>
      </body>
    </html>
  );
}
