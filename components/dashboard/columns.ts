// Table columns for the numbers widgets show most, so a widget lists what it shows rather than how to format it.
import type { Column } from "@/components/ui/data-table";
import { formatCount, formatMs, formatPercent } from "@/lib/dashboard/format";

/** Keys of Row whose values are numbers (or null, for percentiles of empty buckets). */
type NumericKey<Row> = { [K in keyof Row]: Row[K] extends number | null ? K : never }[keyof Row] & string;

interface NumericOptions {
  /** Hide below the `sm` breakpoint. */
  wide?: boolean;
}

function numeric<Row>(
  key: NumericKey<Row>,
  header: string,
  format: (value: number) => string,
  options: NumericOptions,
): Column<Row> {
  const value = (row: Row) => row[key] as number | null;
  return {
    key,
    header,
    align: "right",
    wide: options.wide,
    value,
    render: (row) => {
      const raw = value(row);
      return raw === null ? "—" : format(raw);
    },
  };
}

export function countColumn<Row>(key: NumericKey<Row>, header: string, options: NumericOptions = {}): Column<Row> {
  return numeric(key, header, formatCount, options);
}

/** A 0–1 ratio shown as a percentage with one decimal. */
export function percentColumn<Row>(key: NumericKey<Row>, header: string, options: NumericOptions = {}): Column<Row> {
  return numeric(key, header, (ratio) => formatPercent(ratio, 1), options);
}

export function msColumn<Row>(key: NumericKey<Row>, header: string, options: NumericOptions = {}): Column<Row> {
  return numeric(key, header, formatMs, options);
}
