"use client";
import { STATUS_CLASS_COLORS } from "@/components/charts/chart-theme";
import { countColumn } from "@/components/dashboard/columns";
import { StatusBadge } from "@/components/dashboard/status-badge";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatPercent, formatRange } from "@/lib/dashboard/format";
import { rangeOf } from "@/lib/dashboard/time-range";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { statusCodes } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type StatusCode = PipeRow<typeof statusCodes>;

const COLUMNS: Column<StatusCode>[] = [
  { key: "status", header: "Status", value: (row) => row.status, render: (row) => <StatusBadge status={row.status} /> },
  {
    key: "share",
    header: "Share",
    value: (row) => row.share,
    render: (row) => (
      <span className="flex items-center gap-2">
        <span
          aria-hidden
          className="block h-2 min-w-[4rem] flex-1 overflow-hidden rounded-sm bg-zinc-100 dark:bg-zinc-800"
        >
          <span
            className="block h-full rounded-sm"
            style={{ width: `${Math.max(0.5, row.share * 100)}%`, background: STATUS_CLASS_COLORS[row.status_class] }}
          />
        </span>
        <span className="w-12 text-right">{formatPercent(row.share, 1)}</span>
      </span>
    ),
  },
  countColumn("requests", "Requests"),
];

// Server errors first: the class people look for can't end up below the scroll fold.
const CLASSES = [5, 4, 3, 2, 1] as const;
const SUMMARY_CLASSES = [2, 3, 4, 5] as const;

interface ClassTotal {
  statusClass: number;
  requests: number;
  share: number;
  rows: StatusCode[];
}

function byClass(rows: readonly StatusCode[]): Map<number, ClassTotal> {
  const totals = new Map<number, ClassTotal>(
    CLASSES.map((statusClass) => [statusClass, { statusClass, requests: 0, share: 0, rows: [] }]),
  );
  for (const row of rows) {
    const total = totals.get(row.status_class)!;
    total.requests += row.requests;
    total.share += row.share;
    total.rows.push(row);
  }
  return totals;
}

/** Requests per HTTP status code, grouped by class: every class's total always in view, then each class's codes. */
export function StatusCodesCard() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useRangedPipe(statusCodes);
  return (
    <WidgetCard
      id="status-codes"
      title="Status codes"
      description={admin ? "Grouped by class, server errors first" : "Your requests, grouped by class"}
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      csv={{ name: "status_codes", columns: COLUMNS }}
    >
      {(result) => {
        const totals = byClass(result.rows);
        const range = formatRange(rangeOf(result.params));
        return (
          <div className="space-y-3">
            <dl className="grid grid-cols-4 gap-2 text-center" data-testid="status-class-summary">
              {SUMMARY_CLASSES.map((statusClass) => {
                const total = totals.get(statusClass)!;
                return (
                  <div
                    key={statusClass}
                    className="rounded-md bg-zinc-50 px-1 py-2 dark:bg-zinc-800/60"
                    data-testid={`status-class-${statusClass}xx`}
                  >
                    <dt className="flex items-center justify-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
                      <span
                        aria-hidden
                        className="h-2 w-2 rounded-sm"
                        style={{ background: STATUS_CLASS_COLORS[statusClass] }}
                      />
                      {statusClass}xx
                    </dt>
                    <dd className="text-sm font-semibold tabular-nums" data-testid="status-class-requests">
                      {formatCount(total.requests)}
                    </dd>
                    <dd className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                      {formatPercent(total.share, 1)}
                    </dd>
                  </div>
                );
              })}
            </dl>
            <div className="max-h-80 space-y-3 overflow-y-auto" data-testid="status-codes-table">
              {CLASSES.map((statusClass) => totals.get(statusClass)!)
                .filter((total) => total.rows.length > 0)
                .map((total) => (
                  <div key={total.statusClass} data-testid="status-class-group" data-class={`${total.statusClass}xx`}>
                    <h3 className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
                      {total.statusClass}xx · {formatCount(total.requests)}
                    </h3>
                    <DataTable
                      caption={`Requests per ${total.statusClass}xx status, ${range}`}
                      columns={COLUMNS}
                      rows={total.rows}
                      rowKey={(row) => String(row.status)}
                    />
                  </div>
                ))}
            </div>
          </div>
        );
      }}
    </WidgetCard>
  );
}
