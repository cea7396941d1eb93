"use client";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBytes, formatCount, formatMs, formatPercent } from "@/lib/dashboard/format";
import {
  comparable,
  NEW_DELTA,
  pointDelta,
  relativeDelta,
  type KpiDelta,
  type KpiPolarity,
} from "@/lib/dashboard/kpi-delta";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { usageKpis } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Kpis = PipeRow<typeof usageKpis>;
/** A metric the row has for both periods: `requests` and `previous_requests`, and so on. */
type Metric = "requests" | "error_rate" | "latency_p50" | "latency_p95" | "active_members" | "bytes";

interface KpiSpec {
  metric: Metric;
  label: string;
  format: (value: number | null) => string;
  /** Rates change in percentage points; counts and latencies relatively. */
  change: "relative" | "points";
  polarity: KpiPolarity;
  detail?: { testId: string; text: (row: Kpis) => string };
  adminOnly?: boolean;
}

const count = (value: number | null) => (value === null ? "—" : formatCount(value));
const percent = (value: number | null) => (value === null ? "—" : formatPercent(value));
const bytes = (value: number | null) => (value === null ? "—" : formatBytes(value));

const KPIS: KpiSpec[] = [
  { metric: "requests", label: "Requests", format: count, change: "relative", polarity: "neutral" },
  {
    metric: "error_rate",
    label: "Error rate",
    format: percent,
    change: "points",
    polarity: "higher-is-worse",
    detail: { testId: "kpi-errors", text: (row) => `${formatCount(row.errors)} errors (4xx, 5xx)` },
  },
  { metric: "latency_p50", label: "Latency p50", format: formatMs, change: "relative", polarity: "higher-is-worse" },
  { metric: "latency_p95", label: "Latency p95", format: formatMs, change: "relative", polarity: "higher-is-worse" },
  {
    metric: "active_members",
    label: "Active members",
    format: count,
    change: "relative",
    polarity: "neutral",
    adminOnly: true,
  },
  { metric: "bytes", label: "Data served", format: bytes, change: "relative", polarity: "neutral" },
];

const kpiId = (kpi: KpiSpec) => kpi.metric.replaceAll("_", "-");
const current = (kpi: KpiSpec, row: Kpis) => row[kpi.metric];
const previous = (kpi: KpiSpec, row: Kpis) => row[`previous_${kpi.metric}`];

function delta(kpi: KpiSpec, row: Kpis): KpiDelta | null {
  // A previous period with next to no requests has no meaningful rates or percentiles either.
  if (!comparable(row.requests, row.previous_requests)) return NEW_DELTA;
  const now = current(kpi, row);
  const before = previous(kpi, row);
  if (kpi.change === "relative") return relativeDelta(now, before, kpi.polarity);
  return now === null || before === null ? null : pointDelta(now, before, kpi.polarity);
}

// The CSV is the pipe's row: every metric and its previous-period value.
const CSV_COLUMNS = KPIS.flatMap((kpi) => [
  { header: kpi.metric, value: (row: Kpis) => current(kpi, row) },
  { header: `previous_${kpi.metric}`, value: (row: Kpis) => previous(kpi, row) },
]);

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
      subject="usage numbers"
      title={admin ? "Organization usage" : "Your usage"}
      description={
        admin ? "Everyone in the organization, vs the previous period" : "Your own requests, vs the previous period"
      }
      swr={swr}
      skeleton={
        <div className={`grid grid-cols-2 gap-3 ${columns}`}>
          {kpis.map((kpi) => (
            <Skeleton key={kpi.metric} className="h-28" />
          ))}
        </div>
      }
      csv={{ name: "usage_kpis", columns: CSV_COLUMNS }}
      empty={false}
    >
      {(result) => {
        const row = result.rows[0] ?? EMPTY_KPIS;
        return (
          <dl className={`grid grid-cols-2 gap-3 ${columns}`}>
            {kpis.map((kpi) => {
              const change = delta(kpi, row);
              const before = kpi.format(previous(kpi, row));
              return (
                <div key={kpi.metric} className="min-w-0 rounded-md bg-zinc-50 p-3 dark:bg-zinc-800/60">
                  <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{kpi.label}</dt>
                  <dd className="mt-1 truncate text-2xl font-semibold tabular-nums" data-testid={`kpi-${kpiId(kpi)}`}>
                    {kpi.format(current(kpi, row))}
                  </dd>
                  {kpi.detail && (
                    <dd
                      className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
                      data-testid={kpi.detail.testId}
                    >
                      {kpi.detail.text(row)}
                    </dd>
                  )}
                  {change && (
                    <dd
                      className={`mt-1 text-xs tabular-nums ${TONES[change.tone]}`}
                      data-testid={`kpi-${kpiId(kpi)}-delta`}
                      title={`Previous period: ${before}`}
                    >
                      <span aria-hidden>{ARROWS[change.direction]} </span>
                      {change.text}
                      <span className="sr-only"> compared with the previous period ({before})</span>
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
