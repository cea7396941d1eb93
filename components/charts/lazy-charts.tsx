"use client";
// recharts is most of the dashboard's JavaScript: it loads after hydration, while the widgets' data is in flight,
// instead of delaying the first requests. <PreloadCharts/> starts that download as soon as the page is interactive.
// Not next/dynamic: its Suspense boundary holds a resolved chart back for React's 300 ms fallback throttle.
import { useEffect, useState, type ComponentType } from "react";
import { ChartPlaceholder } from "@/components/charts/chart-placeholder";
import type { LatencyChart } from "@/components/charts/latency-chart";
import type { RequestsChart } from "@/components/charts/requests-chart";

function lazyChart<Props extends object>(load: () => Promise<ComponentType<Props>>, height: number) {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<ComponentType<Props>> | null = null;
  const preload = () => (loading ??= load().then((component) => (loaded = component)));

  function LazyChart(props: Props) {
    const [Chart, setChart] = useState<ComponentType<Props> | null>(() => loaded);
    useEffect(() => {
      if (!Chart) void preload().then((component) => setChart(() => component));
    }, [Chart]);
    return Chart ? <Chart {...props} /> : <ChartPlaceholder height={height} />;
  }
  return Object.assign(LazyChart, { preload });
}

export const LazyRequestsChart = lazyChart<Parameters<typeof RequestsChart>[0]>(
  () => import("@/components/charts/requests-chart").then((module) => module.RequestsChart),
  240,
);
export const LazyLatencyChart = lazyChart<Parameters<typeof LatencyChart>[0]>(
  () => import("@/components/charts/latency-chart").then((module) => module.LatencyChart),
  240,
);

/** Starts loading the chart code once the page has hydrated (renders nothing). */
export function PreloadCharts() {
  useEffect(() => {
    void LazyRequestsChart.preload();
    void LazyLatencyChart.preload();
  }, []);
  return null;
}
