import { cookies } from "next/headers";
import { PreloadCharts } from "@/components/charts/lazy-charts";
import { DashboardControls } from "@/components/dashboard/dashboard-controls";
import { KpiCards } from "@/components/dashboard/kpi-cards";
import { LatencyCard } from "@/components/dashboard/latency-card";
import { LiveCard } from "@/components/dashboard/live-card";
import { MembersCard } from "@/components/dashboard/members-card";
import { OrgEmptyState } from "@/components/dashboard/org-empty-state";
import { RecentRequestsCard } from "@/components/dashboard/recent-requests-card";
import { RegionsCard } from "@/components/dashboard/regions-card";
import { RequestsOverTimeCard } from "@/components/dashboard/requests-over-time-card";
import { StatusCodesCard } from "@/components/dashboard/status-codes-card";
import { TokenGate } from "@/components/dashboard/token-gate";
import { TopRoutesCard } from "@/components/dashboard/top-routes-card";
import { UrlProblems } from "@/components/dashboard/url-problems";
import { LOCAL_USERS } from "@/lib/auth/local-directory";
import { getViewer } from "@/lib/auth/viewer";
import { BROWSER_TIMEZONE_COOKIE, parseBrowserTimezone } from "@/lib/dashboard/browser-timezone-cookie";
import { DashboardQueryProvider } from "@/lib/dashboard/dashboard-query-provider";
import { parseDashboardSearchParams } from "@/lib/dashboard/dashboard-search-params";

// Demo-directory names for the user ids in the demo data; any other id is shown as it is.
const MEMBER_NAMES = Object.fromEntries(LOCAL_USERS.map((user) => [user.id, `${user.firstName} ${user.lastName}`]));

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { state, problems } = parseDashboardSearchParams(await searchParams);
  const org = (await getViewer())?.session.org;
  const rememberedTimezone = parseBrowserTimezone((await cookies()).get(BROWSER_TIMEZONE_COOKIE)?.value);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{org ? `${org.name ?? org.slug} · API usage` : "API usage"}</h1>
      </div>
      {problems.length > 0 && <UrlProblems problems={problems} />}
      <TokenGate>
        <DashboardQueryProvider state={state} rememberedTimezone={rememberedTimezone}>
          <div className="space-y-4" data-testid="dashboard-overview">
            <PreloadCharts />
            <DashboardControls />
            <OrgEmptyState />
            <KpiCards />
            <div className="grid gap-4 lg:grid-cols-3">
              <div className="min-w-0 lg:col-span-2">
                <RequestsOverTimeCard />
              </div>
              <LiveCard />
              <div className="min-w-0 lg:col-span-2">
                <LatencyCard />
              </div>
              <StatusCodesCard />
              <div className="min-w-0 lg:col-span-2">
                <TopRoutesCard />
              </div>
              <RegionsCard />
            </div>
            <MembersCard names={MEMBER_NAMES} />
            <RecentRequestsCard names={MEMBER_NAMES} />
          </div>
        </DashboardQueryProvider>
      </TokenGate>
    </div>
  );
}
