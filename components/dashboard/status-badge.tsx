const CLASS_STYLES: Record<number, string> = {
  2: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-300",
  3: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-300",
  4: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  5: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-300",
};

/** An HTTP status in its class's colour (the number itself carries the meaning, colour only helps). */
export function StatusBadge({ status }: { status: number }) {
  const style =
    CLASS_STYLES[Math.floor(status / 100)] ?? "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200";
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-medium ${style}`}>{status}</span>;
}
