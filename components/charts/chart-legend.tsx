/** A legend in plain HTML above a chart, so it wraps on phones and reads well in both themes. */
export function ChartLegend({ items }: { items: ReadonlyArray<{ label: string; color: string; dashed?: boolean }> }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block h-2.5 w-2.5 rounded-sm"
            style={
              item.dashed
                ? { border: `1.5px dashed ${item.color}`, background: "transparent" }
                : { background: item.color }
            }
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
