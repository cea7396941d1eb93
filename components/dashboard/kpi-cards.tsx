"use client";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBytes, formatCount, formatMs, formatPercent } from "@/lib/dashboard/format";
import { pointDelta, relativeDelta, type KpiDelta } from "@/lib/dashboard/kpi-delta";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { usageKpis } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Kpis = PipeRow<typeof usageKpis>;

interface KpiSpec {
  id: string;
  label: string;
  value: (row: Kpis) => string;
  previous: (row: Kpis) => string;
  raw: (row: Kpis) => [current: number | null, previous: number | null];
  delta: (row: Kpis) => KpiDelta | null;
  detail?: { testId: string; text: (row: Kpis) => string };
  adminOnly?: boolean;
}

const KPIS: KpiSpec[] = [
  {
    id: "requests",
    label: "Requests",
    value: (row) => formatCount(row.requests),
    previous: (row) => formatCount(row.previous_requests),
    raw: (row) => [row.requests, row.previous_requests],
    delta: (row) => relativeDelta(row.requests, row.previous_requests, "neutral"),
  },
  {
    id: "error-rate",
    label: "Error rate",
    value: (row) => formatPercent(row.error_rate),
    previous: (row) => formatPercent(row.previous_error_rate),
    raw: (row) => [row.error_rate, row.previous_error_rate],
    delta: (row) => pointDelta(row.error_rate, row.previous_error_rate, "higher-is-worse"),
    detail: { testId: "kpi-errors", text: (row) => `${formatCount(row.errors)} errors (4xx, 5xx)` },
  },
  {
    id: "latency-p50",
    label: "Latency p50",
    value: (row) => formatMs(row.latency_p50),
    previous: (row) => formatMs(row.previous_latency_p50),
    raw: (row) => [row.latency_p50, row.previous_latency_p50],
    delta: (row) => relativeDelta(row.latency_p50, row.previous_latency_p50, "higher-is-worse"),
  },
  {
    id: "latency-p95",
    label: "Latency p95",
    value: (row) => formatMs(row.latency_p95),
    previous: (row) => formatMs(row.previous_latency_p95),
    raw: (row) => [row.latency_p95, row.previous_latency_p95],
    delta: (row) => relativeDelta(row.latency_p95, row.previous_latency_p95, "higher-is-worse"),
  },
  {
    id: "active-members",
    label: "Active members",
    value: (row) => formatCount(row.active_members),
    previous: (row) => formatCount(row.previous_active_members),
    raw: (row) => [row.active_members, row.previous_active_members],
    delta: (row) => relativeDelta(row.active_members, row.previous_active_members, "neutral"),
    adminOnly: true,
  },
  {
    id: "bytes",
    label: "Data served",
    value: (row) => formatBytes(row.bytes),
    previous: (row) => formatBytes(row.previous_bytes),
    raw: (row) => [row.bytes, row.previous_bytes],
    delta: (row) => relativeDelta(row.bytes, row.previous_bytes, "neutral"),
  },
];

const TONES = {
  good: "text-emerald-700 dark:text-emerald-400",
  bad: "text-red-700 dark:text-red-400",
  neutral: "text-zinc-600 dark:text-zinc-400",
} as const;

const ARROWS = { up: "▲", down: "▼", flat: "" } as const;

const EMPTY_KPIS: Kpis = {
  requests: 0,
  errors: 0,
  error_rate: 0,
  latency_p50: null,
  latency_p95: null,
  active_members: 0,
  bytes: 0,
  previous_requests: 0,
  previous_errors: 0,
  previous_error_rate: 0,
  previous_latency_p50: null,
  previous_latency_p95: null,
  previous_active_members: 0,
  previous_bytes: 0,
};

/** Headline numbers with deltas vs the previous period of equal length (one usage_kpis request). */
export function KpiCards() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const kpis = KPIS.filter((kpi) => admin || !kpi.adminOnly);
  const swr = useRangedPipe(usageKpis);
  const columns = admin ? "sm:grid-cols-3 xl:grid-cols-6" : "sm:grid-cols-3 xl:grid-cols-5";

  return (
    <WidgetCard
      id="kpis"
      title={admin ? "Organization usage" : "Your usage"}
      description={
        admin ? "Everyone in the organization, vs the previous period" : "Your own requests, vs the previous period"
      }
      swr={swr}
      skeleton={
        <div className={`grid grid-cols-2 gap-3 ${columns}`}>
          {kpis.map((kpi) => (
            <Skeleton key={kpi.id} className="h-20" />
          ))}
        </div>
      }
      exportCsv={(result) => ({
        filename: csvFilename(tenant?.org, "usage_kpis", result.params.date_from, result.params.date_to),
        csv: toCsv(
          [
            { header: "metric", value: (kpi: KpiSpec) => kpi.id },
            { header: "current", value: (kpi: KpiSpec) => kpi.raw(result.rows[0] ?? EMPTY_KPIS)[0] },
            { header: "previous", value: (kpi: KpiSpec) => kpi.raw(result.rows[0] ?? EMPTY_KPIS)[1] },
          ],
          kpis,
        ),
      })}
    >
      {(result) => {
        const row = result.rows[0] ?? EMPTY_KPIS;
        return (
          <dl className={`grid grid-cols-2 gap-3 ${columns}`}>
            {kpis.map((kpi) => {
              const delta = kpi.delta(row);
              return (
                <div key={kpi.id} className="min-w-0 rounded-md bg-zinc-50 p-3 dark:bg-zinc-800/60">
                  <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{kpi.label}</dt>
                  <dd className="mt-1 truncate text-2xl font-semibold tabular-nums" data-testid={`kpi-${kpi.id}`}>
                    {kpi.value(row)}
                  </dd>
                  {kpi.detail && (
                    <dd
                      className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
                      data-testid={kpi.detail.testId}
                    >
                      {kpi.detail.text(row)}
                    </dd>
                  )}
                  {delta && (
                    <dd
                      className={`mt-1 text-xs tabular-nums ${TONES[delta.tone]}`}
                      data-testid={`kpi-${kpi.id}-delta`}
                      title={`Previous period: ${kpi.previous(row)}`}
                    >
                      <span aria-hidden>{ARROWS[delta.direction]} </span>
                      {delta.text}
                      <span className="sr-only"> compared with the previous period ({kpi.previous(row)})</span>
                    </dd>
                  )}
                </div>
              );
            })}
          </dl>
        );
      }}
    </WidgetCard>
  );
}
