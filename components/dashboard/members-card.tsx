"use client";
import { countColumn, msColumn, percentColumn } from "@/components/dashboard/columns";
import { MemberName } from "@/components/dashboard/member-name";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import type { MemberDirectory } from "@/lib/auth/member-directory";
import { formatWallClock } from "@/lib/dashboard/format";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { memberUsage } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Member = PipeRow<typeof memberUsage>;

function columns(members: MemberDirectory): Column<Member>[] {
  return [
    {
      key: "user",
      header: "Member",
      value: (row) => members[row.user]?.name ?? row.user,
      render: (row) => <MemberName userId={row.user} profile={members[row.user]} />,
    },
    countColumn("requests", "Requests"),
    countColumn("errors", "Errors", { wide: true }),
    percentColumn("error_rate", "Error rate", { wide: true }),
    msColumn("latency_p50", "p50", { wide: true }),
    msColumn("latency_p95", "p95", { wide: true }),
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
 * `members` maps user ids to names and avatars (Clerk's memberships or the demo directory); other ids show as they are.
 */
export function MembersCard({ members }: { members: MemberDirectory }) {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useRangedPipe(memberUsage, undefined, { enabled: admin });
  if (!admin) return null;
  const memberColumns = columns(members);
  return (
    <WidgetCard
      id="members"
      title="Members"
      subject="members table"
      description="Everyone who sent requests in the range, including service accounts"
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      csv={{
        name: "member_usage",
        columns: [{ header: "User id", value: (row: Member) => row.user }, ...memberColumns],
      }}
    >
      {(result) => (
        <DataTable
          caption="Usage per member"
          columns={memberColumns}
          rows={result.rows}
          rowKey={(row) => row.user}
          testId="members-table"
        />
      )}
    </WidgetCard>
  );
}
