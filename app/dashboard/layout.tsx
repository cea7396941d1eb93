import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { accountControls } from "@/components/auth/account-controls";
import { DashboardHeader } from "@/components/dashboard/dashboard-header";
import { getViewer } from "@/lib/auth/viewer";
import { parseTheme, THEME_COOKIE } from "@/lib/dashboard/theme";
import { serverEnv } from "@/lib/env";
import { PipeSWRProvider } from "@/lib/tinybird/client/pipe-swr-provider";
import { requestToken } from "@/lib/tinybird/server/request-token";
import { TinybirdTokenProvider } from "@/lib/tinybird/client/tinybird-token-provider";

export const metadata: Metadata = { title: "API usage — dashboard" };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const env = serverEnv();
  const viewer = await getViewer();
  if (!viewer) redirect(env.NEXT_PUBLIC_CLERK_SIGN_IN_URL);
  const token = await requestToken();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div data-theme={theme} className="min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <TinybirdTokenProvider apiUrl={env.NEXT_PUBLIC_TINYBIRD_API_URL} initial={token}>
        <PipeSWRProvider>
          <DashboardHeader accountControls={await accountControls(viewer)} theme={theme} />
          <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
        </PipeSWRProvider>
      </TinybirdTokenProvider>
    </div>
  );
}
