"use client";
import { NoRequests } from "@/components/dashboard/no-requests";
import { msColumn } from "@/components/dashboard/columns";
import { MemberName } from "@/components/dashboard/member-name";
import { StatusBadge } from "@/components/dashboard/status-badge";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import type { MemberDirectory } from "@/lib/auth/member-directory";
import { formatBytes, formatClock } from "@/lib/dashboard/format";
import { useLivePipe } from "@/lib/dashboard/use-dashboard-pipe";
import { RECENT_REQUESTS_PARAMS } from "@/lib/dashboard/widget-queries";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { recentRequests } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Request = PipeRow<typeof recentRequests>;

function columns(members: MemberDirectory, admin: boolean): Column<Request>[] {
  return [
    {
      key: "timestamp",
      header: "Time",
      value: (row) => row.timestamp,
      render: (row) => <span className="font-mono text-xs">{formatClock(row.timestamp)}</span>,
    },
    ...(admin
      ? [
          {
            key: "user",
            header: "Member",
            wide: true,
            value: (row) => members[row.user]?.name ?? row.user,
            render: (row) => (
              <span className="text-xs">
                <MemberName userId={row.user} profile={members[row.user]} />
              </span>
            ),
          } satisfies Column<Request>,
        ]
      : []),
    {
      key: "request",
      header: "Request",
      value: (row) => `${row.method} ${row.route}`,
      render: (row) => (
        <span
          className="block max-w-[9rem] truncate font-mono text-xs sm:max-w-xs"
          title={`${row.method} ${row.route}`}
          data-testid="route-cell"
        >
          {row.method} {row.route}
        </span>
      ),
    },
    {
      key: "status",
      header: "Status",
      value: (row) => row.status,
      render: (row) => <StatusBadge status={row.status} />,
    },
    msColumn("latency_ms", "Latency"),
    {
      key: "bytes",
      header: "Size",
      align: "right",
      wide: true,
      value: (row) => row.bytes,
      render: (row) => formatBytes(row.bytes),
    },
    {
      key: "region",
      header: "Region",
      wide: true,
      value: (row) => row.region,
      render: (row) => <span className="font-mono text-xs">{row.region}</span>,
    },
  ];
}

/** The newest requests, refreshed with the live tile. */
export function RecentRequestsCard({ members }: { members: MemberDirectory }) {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useLivePipe(recentRequests, RECENT_REQUESTS_PARAMS);
  const tableColumns = columns(members, admin);
  return (
    <WidgetCard
      id="recent-requests"
      title="Recent requests"
      description={admin ? "The newest requests across the organization" : "Your newest requests"}
      swr={swr}
      skeleton={<Skeleton className="h-64 w-full" />}
      csv={{
        name: "recent_requests",
        columns: [{ header: "Request id", value: (row: Request) => row.request_id }, ...tableColumns],
      }}
      empty={<NoRequests>No requests yet.</NoRequests>}
    >
      {(result) => (
        <div className="max-h-96 overflow-y-auto">
          <DataTable
            caption="Recent requests, newest first"
            columns={tableColumns}
            rows={result.rows}
            rowKey={(row) => row.request_id}
            testId="recent-requests-table"
          />
        </div>
      )}
    </WidgetCard>
  );
}
