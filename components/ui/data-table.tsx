import type { ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: string;
  /** The raw value: what CSV exports get and what the cell shows unless `render` says otherwise. */
  value: (row: Row) => string | number | null;
  render?: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** Hide below the `sm` breakpoint to keep phone tables readable. */
  wide?: boolean;
}

/** A plain, accessible table: a caption, column headers, horizontal scrolling on narrow screens. */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  testId?: string;
}) {
  return (
    <div className="-mx-1 overflow-x-auto px-1">
      <table className="w-full text-left text-sm tabular-nums" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={`whitespace-nowrap py-2 pr-4 font-medium last:pr-0 ${column.align === "right" ? "text-right" : ""} ${column.wide ? "hidden sm:table-cell" : ""}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={`py-1.5 pr-4 last:pr-0 ${column.align === "right" ? "whitespace-nowrap text-right" : ""} ${column.wide ? "hidden sm:table-cell" : ""}`}
                >
                  {column.render ? column.render(row) : column.value(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
