"use client";
// The frame every widget shares: title, the states a user meets (loading, error with retry, rate limited, no
// requests, ready, stale), CSV export of what it shows, named for the tenant and range, and its freshness.
import Link from "next/link";
import { useId, type ReactNode } from "react";
import type { SWRResponse } from "swr";
import { NoRequests } from "@/components/dashboard/no-requests";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { formatAgo, formatCount, formatQueryTime } from "@/lib/dashboard/format";
import { wallClockAt } from "@/lib/dashboard/time-range";
import { csvFilename, toCsv, type CsvColumn } from "@/lib/dashboard/to-csv";
import { useDashboardQuery } from "@/lib/dashboard/use-dashboard-query";
import { useNow } from "@/lib/dashboard/use-now";
import { widgetErrorMessage } from "@/lib/dashboard/widget-error-message";
import { isTransient, useOutage } from "@/lib/tinybird/client/pipe-health";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";
import type { PipeResult } from "@/lib/tinybird/fetch-pipe";
import type { PipeError } from "@/lib/tinybird/pipe-error";

export type WidgetState = "loading" | "ready" | "error";

export interface WidgetCsv<Row> {
  /** What the rows are, for the file name: `<org>-<name>-<range or fetch time>.csv`. */
  name: string;
  columns: readonly CsvColumn<Row>[];
}

export interface WidgetCardProps<Row, Params> {
  /** data-testid="widget-<id>" and data-widget="<id>". */
  id: string;
  title: ReactNode;
  /** What the user sees here, for messages ("requests chart"); defaults to the title in lower case. */
  subject?: string;
  description?: ReactNode;
  swr: SWRResponse<PipeResult<Row, Params>, PipeError>;
  children: (result: PipeResult<Row, Params>) => ReactNode;
  skeleton?: ReactNode;
  csv?: WidgetCsv<Row>;
  /** Shown instead of `children` when the result has no rows; `false` for widgets that draw empty results. */
  empty?: ReactNode | false;
  /** Controls shown next to the title once there is data (e.g. chart/table). */
  controls?: ReactNode;
}

interface CsvExport {
  filename: string;
  csv: string;
}

/** Ranged results are named by their range, others (live, newest requests) by when they were fetched. */
function csvExport<Row>(org: string | undefined, csv: WidgetCsv<Row>, result: PipeResult<Row, unknown>): CsvExport {
  const { date_from, date_to } = (result.params ?? {}) as { date_from?: string; date_to?: string };
  const span = date_from && date_to ? [date_from, date_to] : [wallClockAt(result.fetchedAt, "UTC")];
  return { filename: csvFilename(org, csv.name, ...span), csv: toCsv(csv.columns, result.rows) };
}

function download({ filename, csv }: CsvExport): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function secondsLeft(error: PipeError, now: number | null): number {
  const until = error.at + (error.retryAfterSeconds ?? 1) * 1000;
  return Math.max(0, Math.ceil((until - (now ?? error.at)) / 1000));
}

export function WidgetCard<Row, Params>({
  id,
  title,
  subject = typeof title === "string" ? title.toLowerCase() : id.replaceAll("-", " "),
  description,
  swr,
  children,
  skeleton,
  csv,
  empty = <NoRequests />,
  controls,
}: WidgetCardProps<Row, Params>) {
  const headingId = useId();
  const tenant = useTinybirdTenant();
  const { data, error, mutate } = swr;
  // An org switch in flight is not an error: the cache remounts for the new org in a moment.
  const visibleError = error && error.kind !== "tenant-changed" ? error : undefined;
  const state: WidgetState = data ? "ready" : visibleError ? "error" : "loading";
  const retry = () => void mutate();
  const outage = useOutage();
  const stale = data !== undefined && visibleError !== undefined && visibleError.kind !== "rate-limited";

  return (
    <section
      aria-labelledby={headingId}
      aria-busy={state === "loading"}
      data-testid={`widget-${id}`}
      data-widget={id}
      data-state={state}
      data-stale={stale || undefined}
      className="flex h-full min-w-0 flex-col rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="font-semibold">
            {title}
          </h2>
          {description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>}
        </div>
        {data && (
          <div className="flex items-center gap-1">
            {controls}
            {csv && (
              <Button
                variant="ghost"
                size="sm"
                data-testid="widget-export-csv"
                onClick={() => download(csvExport(tenant?.org, csv, data))}
              >
                CSV<span className="sr-only"> export of {typeof title === "string" ? title : "this widget"}</span>
              </Button>
            )}
          </div>
        )}
      </header>

      <div className={`mt-3 min-w-0 flex-1 transition-opacity ${stale ? "opacity-50" : ""}`}>
        {data ? (
          empty !== false && data.rows.length === 0 ? (
            empty
          ) : (
            children(data)
          )
        ) : visibleError ? (
          <WidgetError
            error={visibleError}
            subject={subject}
            calm={outage && isTransient(visibleError)}
            onRetry={retry}
          />
        ) : (
          <>
            <span className="sr-only">Loading</span>
            {skeleton ?? <Skeleton className="h-40 w-full" />}
          </>
        )}
      </div>

      {data && (
        <footer className="mt-3 flex flex-wrap items-center justify-between gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
          <Freshness elapsedMs={data.elapsedMs} fetchedAt={data.fetchedAt} rowsRead={data.rowsRead} />
          {visibleError && <StaleNotice error={visibleError} fetchedAt={data.fetchedAt} onRetry={retry} />}
        </footer>
      )}
    </section>
  );
}

// The clock ticks every second: only these small leaves re-render with it, never a widget's chart or table.
function Freshness({ elapsedMs, fetchedAt, rowsRead }: { elapsedMs: number; fetchedAt: number; rowsRead: number }) {
  const now = useNow();
  return (
    <span data-testid="widget-freshness" title={`${formatCount(rowsRead)} rows read`}>
      Query {formatQueryTime(elapsedMs)} · updated {now === null ? "just now" : formatAgo(now - fetchedAt)}
    </span>
  );
}

function RetryCountdown({ error }: { error: PipeError }) {
  const now = useNow();
  return <>Rate limited, retrying in {secondsLeft(error, now)} s</>;
}

/** An error in the user's terms; during an outage the page's banner says what happened, so each widget stays calm. */
function WidgetError({
  error,
  subject,
  calm,
  onRetry,
}: {
  error: PipeError;
  subject: string;
  calm: boolean;
  onRetry: () => void;
}) {
  if (error.kind === "rate-limited") {
    return (
      <p
        role="status"
        data-testid="widget-rate-limited"
        className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
      >
        <RetryCountdown error={error} />
      </p>
    );
  }
  const message = widgetErrorMessage(error, subject);
  if (calm) {
    return (
      <div
        role="status"
        data-testid="widget-error"
        data-outage
        className="rounded-md border border-dashed border-zinc-300 p-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
      >
        <p data-testid="widget-error-message">{message}</p>
        <Button variant="ghost" size="sm" className="mt-2" data-testid="widget-retry" onClick={onRetry}>
          Retry now
        </Button>
      </div>
    );
  }
  return (
    <div
      role="alert"
      data-testid="widget-error"
      className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <p className="font-medium text-red-900 dark:text-red-200">Couldn&apos;t load the {subject}</p>
      <p className="mt-1 break-words text-red-800 dark:text-red-300" data-testid="widget-error-message">
        {message}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" data-testid="widget-retry" onClick={onRetry}>
          Retry
        </Button>
        <Link href="/dashboard/developer" className="text-xs text-red-800 underline dark:text-red-300">
          Details in the Developer tab
        </Link>
      </div>
    </div>
  );
}

function StaleNotice({ error, fetchedAt, onRetry }: { error: PipeError; fetchedAt: number; onRetry: () => void }) {
  const { timezone } = useDashboardQuery();
  if (error.kind === "rate-limited") {
    return (
      <span role="status" data-testid="widget-rate-limited" className="text-amber-700 dark:text-amber-300">
        <RetryCountdown error={error} />
      </span>
    );
  }
  return (
    <span role="status" data-testid="widget-stale" className="text-red-700 dark:text-red-300">
      Couldn&apos;t refresh · as of {wallClockAt(fetchedAt, timezone ?? "UTC").slice(11, 16)} ·{" "}
      <button type="button" className="underline" onClick={onRetry}>
        retry
      </button>
    </span>
  );
}
