import { cookies } from "next/headers";
import { noOrganization } from "@/components/auth/no-organization";
import { DashboardControls } from "@/components/dashboard/dashboard-controls";
import { KpiCards } from "@/components/dashboard/kpi-cards";
import { LatencyCard } from "@/components/dashboard/latency-card";
import { LiveCard } from "@/components/dashboard/live-card";
import { MembersCard } from "@/components/dashboard/members-card";
import { OrgEmptyState } from "@/components/dashboard/org-empty-state";
import { OutageBanner } from "@/components/dashboard/outage-banner";
import { RecentRequestsCard } from "@/components/dashboard/recent-requests-card";
import { RegionsCard } from "@/components/dashboard/regions-card";
import { RequestsOverTimeCard } from "@/components/dashboard/requests-over-time-card";
import { SeededWidget } from "@/components/dashboard/seeded-widget";
import { StatusCodesCard } from "@/components/dashboard/status-codes-card";
import { TokenGate } from "@/components/dashboard/token-gate";
import { TopRoutesCard } from "@/components/dashboard/top-routes-card";
import { UrlProblems } from "@/components/dashboard/url-problems";
import { ORG_ADMIN_ROLE } from "@/lib/auth/auth-session";
import { memberDirectory } from "@/lib/auth/member-directory";
import { getViewer } from "@/lib/auth/viewer";
import { BROWSER_TIMEZONE_COOKIE, parseBrowserTimezone } from "@/lib/dashboard/browser-timezone-cookie";
import { DashboardQueryProvider } from "@/lib/dashboard/dashboard-query-provider";
import { parseDashboardSearchParams } from "@/lib/dashboard/dashboard-search-params";
import { dashboardSeeds } from "@/lib/tinybird/server/dashboard-seeds";

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { state, problems } = parseDashboardSearchParams(await searchParams);
  const rememberedTimezone = parseBrowserTimezone((await cookies()).get(BROWSER_TIMEZONE_COOKIE)?.value);
  // Started before anything else is awaited: every widget's query runs while the page renders.
  const seeds = await dashboardSeeds(state, rememberedTimezone);
  const viewer = await getViewer();
  const org = viewer?.session.org;
  const members = viewer ? await memberDirectory(viewer) : {};
  const orgName = org ? (org.name ?? org.slug) : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold" data-testid="dashboard-title">
          {!org ? "API usage" : org.role === ORG_ADMIN_ROLE ? `${orgName} · API usage` : `Your API usage in ${orgName}`}
        </h1>
      </div>
      {problems.length > 0 && <UrlProblems problems={problems} />}
      <TokenGate noOrg={viewer && (await noOrganization(viewer))}>
        <DashboardQueryProvider state={state} rememberedTimezone={rememberedTimezone}>
          <div className="space-y-4" data-testid="dashboard-overview">
            <OutageBanner />
            <DashboardControls />
            <SeededWidget seeds={[...seeds.kpis, ...seeds.recentRequests]}>
              <OrgEmptyState />
            </SeededWidget>
            <SeededWidget seeds={seeds.kpis}>
              <KpiCards />
            </SeededWidget>
            <div className="grid gap-4 lg:grid-cols-3">
              <div className="min-w-0 lg:col-span-2">
                <SeededWidget seeds={seeds.requestsOverTime}>
                  <RequestsOverTimeCard />
                </SeededWidget>
              </div>
              <SeededWidget seeds={seeds.live}>
                <LiveCard />
              </SeededWidget>
              <div className="min-w-0 lg:col-span-2">
                <SeededWidget seeds={seeds.latency}>
                  <LatencyCard />
                </SeededWidget>
              </div>
              <SeededWidget seeds={seeds.statusCodes}>
                <StatusCodesCard />
              </SeededWidget>
              <div className="min-w-0 lg:col-span-2">
                <SeededWidget seeds={seeds.topRoutes}>
                  <TopRoutesCard />
                </SeededWidget>
              </div>
              <SeededWidget seeds={seeds.regions}>
                <RegionsCard />
              </SeededWidget>
            </div>
            <SeededWidget seeds={seeds.members}>
              <MembersCard members={members} />
            </SeededWidget>
            <SeededWidget seeds={seeds.recentRequests}>
              <RecentRequestsCard members={members} />
            </SeededWidget>
          </div>
        </DashboardQueryProvider>
      </TokenGate>
    </div>
  );
}
