import { Skeleton } from "@/components/ui/skeleton";

/** Where a chart goes while its code loads (charts load after the page, in parallel with the data). */
export function ChartPlaceholder({ height }: { height: number }) {
  return <Skeleton data-chart-loading="" className="w-full" style={{ height }} />;
}
