import { STATUS_SERIES } from "@/components/charts/chart-theme";
import { formatClock } from "@/lib/dashboard/format";

export interface LivePoint {
  t: string;
  requests: number;
  requests_2xx: number;
  requests_3xx: number;
  requests_4xx: number;
  requests_5xx: number;
}

/**
 * The last minutes at 10-second grain as a strip of stacked bars, in plain HTML: it redraws every 5 s, and a full
 * chart library instance for a sparkline costs more than the whole rest of the tile.
 */
export function LiveBars({ data, label }: { data: LivePoint[]; label: string }) {
  const max = Math.max(1, ...data.map((point) => point.requests));
  return (
    <div role="img" aria-label={label} className="flex h-24 items-end gap-px">
      {data.map((point) => (
        <div
          key={point.t}
          title={`${formatClock(point.t)}: ${point.requests} requests`}
          className="flex min-w-0 flex-1 flex-col-reverse overflow-hidden rounded-t-sm"
          style={{ height: `${(point.requests / max) * 100}%` }}
        >
          {STATUS_SERIES.map((series) =>
            point[series.key] > 0 ? (
              <div key={series.key} style={{ flexGrow: point[series.key], background: series.color }} />
            ) : null,
          )}
        </div>
      ))}
    </div>
  );
}
