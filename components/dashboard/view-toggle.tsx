"use client";

export type WidgetView = "chart" | "table";

/** Chart or its table alternative; the table is the accessible (and copyable) version of the chart. */
export function ViewToggle({ value, onChange }: { value: WidgetView; onChange: (view: WidgetView) => void }) {
  return (
    <div
      role="group"
      aria-label="View"
      className="flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700"
    >
      {(["chart", "table"] as const).map((view) => (
        <button
          key={view}
          type="button"
          aria-pressed={value === view}
          data-testid={`view-${view}`}
          onClick={() => onChange(view)}
          className={`rounded px-2 py-0.5 capitalize focus-visible:outline-2 focus-visible:outline-sky-600 ${value === view ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
        >
          {view}
        </button>
      ))}
    </div>
  );
}
