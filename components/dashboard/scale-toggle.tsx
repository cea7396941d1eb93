"use client";
import type { LatencyScale } from "@/components/charts/latency-chart";

const LABELS: Record<LatencyScale, string> = { log: "Log", linear: "Linear" };

/** Log or linear y axis: on a log axis a p99 spike doesn't squash p50 and p95 into the floor. */
export function ScaleToggle({ value, onChange }: { value: LatencyScale; onChange: (scale: LatencyScale) => void }) {
  return (
    <div
      role="group"
      aria-label="Latency scale"
      className="flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700"
    >
      {(["log", "linear"] as const).map((scale) => (
        <button
          key={scale}
          type="button"
          aria-pressed={value === scale}
          data-testid={`latency-scale-${scale}`}
          onClick={() => onChange(scale)}
          className={`rounded px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-sky-600 ${value === scale ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
        >
          {LABELS[scale]}
        </button>
      ))}
    </div>
  );
}
