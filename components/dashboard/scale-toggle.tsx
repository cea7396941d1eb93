"use client";
import type { LatencyScale } from "@/components/charts/latency-chart";
import { SegmentedToggle } from "@/components/ui/segmented-toggle";

const OPTIONS = [
  { value: "log", label: "Log" },
  { value: "linear", label: "Linear" },
] as const;

/** Log or linear y axis: on a log axis a p99 spike doesn't squash p50 and p95 into the floor. */
export function ScaleToggle({ value, onChange }: { value: LatencyScale; onChange: (scale: LatencyScale) => void }) {
  return (
    <SegmentedToggle
      label="Latency scale"
      options={OPTIONS}
      value={value}
      onChange={onChange}
      testId={(scale) => `latency-scale-${scale}`}
    />
  );
}
