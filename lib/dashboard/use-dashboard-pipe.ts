"use client";
// usePipe with the dashboard's query: ranged pipes get the range (resolved to date_from/date_to at call time, so
// presets never go stale) and poll every minute while new data can arrive; live pipes poll every 5 seconds.
import type { $ZodType } from "zod/v4/core";
import type { PipeDefinition, PipeParams } from "@/lib/tinybird/define-pipe";
import { usePipe } from "@/lib/tinybird/client/use-pipe";
import { useDashboardQuery } from "@/lib/dashboard/use-dashboard-query";
import { isRangeOpen } from "@/lib/dashboard/time-range";
import { liveKey, rangedKey, rangedParams, type RangedKey } from "@/lib/dashboard/widget-queries";

export const RANGED_REFRESH_MS = 60_000;
export const LIVE_REFRESH_MS = 5_000;

type RangedPipe = PipeDefinition<$ZodType<unknown, { date_from?: string; date_to?: string; timezone?: string }>>;
type ExtraParams<P extends PipeDefinition> = Omit<PipeParams<P>, "date_from" | "date_to" | "timezone">;

/** A ranged pipe over the dashboard's range; `previous` asks for the period of equal length before it. */
export function useRangedPipe<P extends RangedPipe>(
  pipe: P,
  extra?: ExtraParams<P>,
  options: { previous?: boolean; enabled?: boolean } = {},
) {
  const { range, timezone } = useDashboardQuery();
  const enabled = options.enabled ?? true;
  const key: RangedKey | null =
    timezone && enabled
      ? rangedKey(extra as Record<string, unknown> | undefined, range, timezone, options.previous)
      : null;
  const open = timezone !== null && isRangeOpen(range, timezone, new Date());
  return usePipe(pipe, key, {
    toParams: (keyParams, now) => rangedParams(keyParams, now) as PipeParams<P>,
    refreshInterval: open ? RANGED_REFRESH_MS : 0,
  });
}

/** A live pipe (the last minutes, the newest requests): independent of the range, polled every 5 s. */
export function useLivePipe<P extends PipeDefinition>(pipe: P, extra?: Omit<PipeParams<P>, "timezone">) {
  const { timezone } = useDashboardQuery();
  const key = timezone ? (liveKey(extra, timezone) as PipeParams<P>) : null;
  return usePipe(pipe, key, { refreshInterval: LIVE_REFRESH_MS });
}
