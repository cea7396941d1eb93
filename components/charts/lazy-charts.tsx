"use client";
// recharts is most of the dashboard's JavaScript: it stays out of what the page needs to hydrate. The server renders
// charts (React.lazy resolves there) at SERVER_CHART_WIDTH; in the browser each chart hydrates when its code has
// arrived, keeping the server's HTML until then, and the code starts downloading as soon as this module runs.
import { lazy, Suspense, type ComponentType } from "react";
import { ChartPlaceholder } from "@/components/charts/chart-placeholder";

function lazyChart<Props extends object>(load: () => Promise<ComponentType<Props>>, height: number) {
  let loading: Promise<{ default: ComponentType<Props> }> | null = null;
  const preload = () => (loading ??= load().then((component) => ({ default: component })));
  if (typeof window !== "undefined") void preload();
  const Chart = lazy(preload);

  function LazyChart(props: Props) {
    return (
      <Suspense fallback={<ChartPlaceholder height={height} />}>
        <Chart {...props} />
      </Suspense>
    );
  }
  return LazyChart;
}

export const LazyRequestsChart = lazyChart(
  () => import("@/components/charts/requests-chart").then((module) => module.RequestsChart),
  240,
);
export const LazyLatencyChart = lazyChart(
  () => import("@/components/charts/latency-chart").then((module) => module.LatencyChart),
  240,
);
