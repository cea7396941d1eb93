"use client";
import { SegmentedToggle } from "@/components/ui/segmented-toggle";

export type WidgetView = "chart" | "table";

const OPTIONS = [
  { value: "chart", label: "Chart" },
  { value: "table", label: "Table" },
] as const;

/** Chart or its table alternative; the table is the accessible (and copyable) version of the chart. */
export function ViewToggle({ value, onChange }: { value: WidgetView; onChange: (view: WidgetView) => void }) {
  return (
    <SegmentedToggle
      label="View"
      options={OPTIONS}
      value={value}
      onChange={onChange}
      testId={(view) => `view-${view}`}
    />
  );
}
