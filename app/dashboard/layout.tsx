import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardHeader } from "@/components/dashboard/dashboard-header";
import { getViewer } from "@/lib/auth/viewer";
import { serverEnv } from "@/lib/env";
import { requestToken } from "@/lib/tinybird/request-token";
import { TinybirdTokenProvider } from "@/lib/tinybird/tinybird-token-provider";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const env = serverEnv();
  const viewer = await getViewer();
  if (!viewer) redirect(env.NEXT_PUBLIC_CLERK_SIGN_IN_URL);
  const token = await requestToken();
  return (
    <TinybirdTokenProvider apiUrl={env.NEXT_PUBLIC_TINYBIRD_API_URL} initial={token}>
      <DashboardHeader viewer={viewer} />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </TinybirdTokenProvider>
  );
}
