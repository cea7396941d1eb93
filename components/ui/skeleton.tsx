import type { HTMLAttributes } from "react";

/** A placeholder block while data loads; hidden from assistive tech (the widget says "Loading"). */
export function Skeleton({ className = "", ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} {...props} />;
}
