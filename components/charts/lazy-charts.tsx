"use client";
// recharts is most of the dashboard's JavaScript: it loads after hydration, while the widgets' data is in flight,
// instead of delaying the first requests. <PreloadCharts/> starts that download as soon as the page is interactive.
import dynamic from "next/dynamic";
import { useEffect } from "react";
import { ChartPlaceholder } from "@/components/charts/chart-placeholder";

const loadRequestsChart = () => import("@/components/charts/requests-chart").then((module) => module.RequestsChart);
const loadLatencyChart = () => import("@/components/charts/latency-chart").then((module) => module.LatencyChart);
const loadLiveChart = () => import("@/components/charts/live-chart").then((module) => module.LiveChart);

export const LazyRequestsChart = dynamic(loadRequestsChart, { ssr: false, loading: () => <ChartPlaceholder height={240} /> });
export const LazyLatencyChart = dynamic(loadLatencyChart, { ssr: false, loading: () => <ChartPlaceholder height={240} /> });
export const LazyLiveChart = dynamic(loadLiveChart, { ssr: false, loading: () => <ChartPlaceholder height={96} /> });

/** Starts loading the chart code once the page has hydrated (renders nothing). */
export function PreloadCharts() {
  useEffect(() => {
    void loadRequestsChart();
    void loadLatencyChart();
    void loadLiveChart();
  }, []);
  return null;
}
