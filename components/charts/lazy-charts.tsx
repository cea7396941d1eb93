"use client";
// recharts is most of the dashboard's JavaScript: it stays out of what the page needs to hydrate and loads once a
// chart has mounted. Until it has loaded and drawn, the server's chart (ServerChart, also what hydration renders)
// stays on screen, so a chart is in the first HTML and never blinks when recharts takes over.
import { startTransition, useEffect, useRef, useState, useSyncExternalStore, type ComponentType } from "react";
import { LATENCY_SERIES, PARTIAL_PROPS, PREVIOUS_COLOR, STATUS_SERIES } from "@/components/charts/chart-theme";
import type { LatencyChart, LatencyPoint } from "@/components/charts/latency-chart";
import type { RequestsChart, RequestsPoint } from "@/components/charts/requests-chart";
import { ServerChart } from "@/components/charts/server-chart";
import { partialKey, splitPartial } from "@/components/charts/split-partial";
import { formatCompact, formatMsTick } from "@/lib/dashboard/format";
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
    // In a transition: recharts' first render of a chart takes a few hundred ms on a slow device, and as an urgent
    // update it held the main thread while the page's other widgets were due to stream in (their reveal waited).
    useEffect(() => {
      if (!Chart) void preload().then((component) => startTransition(() => setChart(() => component)));
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
    // data-chart: "drawn" for tests and benches means an SVG with a path in here, the server's or recharts'.
    return (
      <div ref={frame} className="relative" data-chart={live && drawn ? "recharts" : "server"}>
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

type Points = Array<{ t: string } & Record<string, unknown>>;
const STATUS_KEYS = STATUS_SERIES.map((series) => series.key);
const LATENCY_KEYS = LATENCY_SERIES.map((series) => series.key);

// As requests-chart.tsx draws it: stacked status areas, partial buckets in their own lighter, dashed stack.
function ServerRequestsChart({ data, label }: ChartProps<RequestsPoint>) {
  const comparing = data.some((point) => point.previous !== undefined);
  return (
    <ServerChart
      data={splitPartial(data, STATUS_KEYS) as Points}
      series={[
        ...STATUS_SERIES.map((series) => ({ key: series.key, color: series.color, stack: "status" })),
        ...STATUS_SERIES.map((series) => ({
          key: partialKey(series.key),
          color: series.color,
          stack: "partial",
          dash: PARTIAL_PROPS.strokeDasharray,
          fillOpacity: PARTIAL_PROPS.fillOpacity,
        })),
        ...(comparing ? [{ key: "previous", color: PREVIOUS_COLOR, dash: "4 3" }] : []),
      ]}
      yAxisWidth={48}
      allowDecimals={false}
      formatY={formatCompact}
      label={label}
    />
  );
}

// As latency-chart.tsx draws it: a line per percentile, partial buckets dashed.
function ServerLatencyChart({ data, label }: ChartProps<LatencyPoint>) {
  return (
    <ServerChart
      data={splitPartial(data, LATENCY_KEYS) as Points}
      series={[
        ...LATENCY_SERIES.map((series) => ({
          key: series.key,
          color: series.color,
          width: series.key === "latency_p50" ? 2 : 1.5,
        })),
        ...LATENCY_SERIES.map((series) => ({
          key: partialKey(series.key),
          color: series.color,
          width: 1.5,
          dash: PARTIAL_PROPS.strokeDasharray,
        })),
      ]}
      yAxisWidth={52}
      allowDecimals
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
