"use client";
import { NoRequests } from "@/components/dashboard/no-requests";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatMs, formatPercent, formatWallClock } from "@/lib/dashboard/format";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { memberUsage } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Member = PipeRow<typeof memberUsage>;

function columns(names: Record<string, string>): Column<Member>[] {
  return [
    {
      key: "user",
      header: "Member",
      value: (row) => names[row.user] ?? row.user,
      render: (row) =>
        names[row.user] ? (
          <span title={row.user}>{names[row.user]}</span>
        ) : (
          <span className="font-mono text-xs wrap-anywhere">{row.user}</span>
        ),
    },
    {
      key: "requests",
      header: "Requests",
      align: "right",
      value: (row) => row.requests,
      render: (row) => formatCount(row.requests),
    },
    {
      key: "errors",
      header: "Errors",
      align: "right",
      wide: true,
      value: (row) => row.errors,
      render: (row) => formatCount(row.errors),
    },
    {
      key: "error_rate",
      header: "Error rate",
      align: "right",
      wide: true,
      value: (row) => row.error_rate,
      render: (row) => formatPercent(row.error_rate, 1),
    },
    {
      key: "latency_p50",
      header: "p50",
      align: "right",
      wide: true,
      value: (row) => row.latency_p50,
      render: (row) => formatMs(row.latency_p50),
    },
    {
      key: "latency_p95",
      header: "p95",
      align: "right",
      wide: true,
      value: (row) => row.latency_p95,
      render: (row) => formatMs(row.latency_p95),
    },
    {
      key: "last_seen",
      header: "Last seen",
      align: "right",
      value: (row) => row.last_seen,
      render: (row) => formatWallClock(row.last_seen),
    },
  ];
}

/**
 * Usage per member, for org admins only: a member's token pins their own user, so they would only ever see one row.
 * `names` maps user ids to display names (the demo directory); other ids show as they are.
 */
export function MembersCard({ names }: { names: Record<string, string> }) {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useRangedPipe(memberUsage, undefined, { enabled: admin });
  if (!admin) return null;
  const memberColumns = columns(names);
  return (
    <WidgetCard
      id="members"
      title="Members"
      description="Everyone who sent requests in the range, including service accounts"
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      exportCsv={(result) => ({
        filename: csvFilename(tenant.org, "member_usage", result.params.date_from, result.params.date_to),
        csv: toCsv([{ header: "User id", value: (row: Member) => row.user }, ...memberColumns], result.rows),
      })}
    >
      {(result) =>
        result.rows.length === 0 ? (
          <NoRequests />
        ) : (
          <DataTable
            caption="Usage per member"
            columns={memberColumns}
            rows={result.rows}
            rowKey={(row) => row.user}
            testId="members-table"
          />
        )
      }
    </WidgetCard>
  );
}
