"use client";
// recharts is most of the dashboard's JavaScript: it stays out of what the page needs to hydrate and loads once a
// chart has mounted. Until it has loaded and drawn, the server's chart (ServerChart, also what hydration renders)
// stays on screen, so a chart is in the first HTML and never blinks when recharts takes over.
import { useEffect, useRef, useState, useSyncExternalStore, type ComponentType } from "react";
import { LATENCY_SERIES, PREVIOUS_COLOR, STATUS_SERIES } from "@/components/charts/chart-theme";
import type { LatencyChart, LatencyPoint } from "@/components/charts/latency-chart";
import type { RequestsChart, RequestsPoint } from "@/components/charts/requests-chart";
import { ServerChart } from "@/components/charts/server-chart";
import { formatBucketTick, formatCompact, formatMsTick } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

interface ChartProps<Point> {
  data: Point[];
  bucket: Bucket;
  label: string;
}

const noSubscription = () => () => undefined;

function lazyChart<Props extends object>(load: () => Promise<ComponentType<Props>>, Drawn: ComponentType<Props>) {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<ComponentType<Props>> | null = null;
  const preload = () => (loading ??= load().then((component) => (loaded = component)));

  function LazyChart(props: Props) {
    // False on the server and while hydrating: both must draw the same (server) chart, whatever has loaded.
    const hydrated = useSyncExternalStore(
      noSubscription,
      () => true,
      () => false,
    );
    const [Chart, setChart] = useState<ComponentType<Props> | null>(() => loaded);
    const [drawn, setDrawn] = useState(false);
    const frame = useRef<HTMLDivElement>(null);
    const live = hydrated && Chart !== null;
    useEffect(() => {
      if (!Chart) void preload().then((component) => setChart(() => component));
    }, [Chart]);
    // recharts draws in its effects, a frame after it mounts: the server chart covers it until then.
    useEffect(() => {
      const element = frame.current;
      if (!live || drawn || !element) return;
      const check = () => element.querySelector(".recharts-surface path") && setDrawn(true);
      const observer = new MutationObserver(check);
      observer.observe(element, { childList: true, subtree: true });
      check();
      return () => observer.disconnect();
    }, [live, drawn]);
    return (
      <div ref={frame} className="relative">
        {live && <Chart {...props} />}
        {!(live && drawn) && (
          <div className={live ? "absolute inset-0" : undefined} aria-hidden={live || undefined}>
            <Drawn {...props} />
          </div>
        )}
      </div>
    );
  }
  return LazyChart;
}

function ServerRequestsChart({ data, bucket, label }: ChartProps<RequestsPoint>) {
  const comparing = data.some((point) => point.previous !== undefined);
  return (
    <ServerChart
      data={data as unknown as Array<{ t: string } & Record<string, unknown>>}
      series={[
        ...STATUS_SERIES.map((series) => ({ key: series.key, color: series.color, stacked: true })),
        ...(comparing ? [{ key: "previous", color: PREVIOUS_COLOR, dashed: true }] : []),
      ]}
      yAxisWidth={48}
      allowDecimals={false}
      formatX={(t) => formatBucketTick(t, bucket)}
      formatY={formatCompact}
      label={label}
    />
  );
}

function ServerLatencyChart({ data, bucket, label }: ChartProps<LatencyPoint>) {
  return (
    <ServerChart
      data={data as unknown as Array<{ t: string } & Record<string, unknown>>}
      series={LATENCY_SERIES.map((series) => ({
        key: series.key,
        color: series.color,
        width: series.key === "latency_p50" ? 2 : 1.5,
      }))}
      yAxisWidth={52}
      allowDecimals
      formatX={(t) => formatBucketTick(t, bucket)}
      formatY={formatMsTick}
      label={label}
    />
  );
}

export const LazyRequestsChart = lazyChart<Parameters<typeof RequestsChart>[0]>(
  () => import("@/components/charts/requests-chart").then((module) => module.RequestsChart),
  ServerRequestsChart,
);
export const LazyLatencyChart = lazyChart<Parameters<typeof LatencyChart>[0]>(
  () => import("@/components/charts/latency-chart").then((module) => module.LatencyChart),
  ServerLatencyChart,
);
