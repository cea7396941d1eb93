"use client";
// The latest outcome of each pipe in this tab: failures in the developer's terms (pipe, status, Tinybird's message)
// for the Developer tab, and what the overview needs to tell one outage from one broken widget.
import { useContext, useSyncExternalStore } from "react";
import type { PipeFetcher } from "@/lib/tinybird/client/create-pipe-fetcher";
import { PipeClientContext } from "@/lib/tinybird/client/pipe-client-context";
import { PipeError, type PipeErrorKind } from "@/lib/tinybird/pipe-error";

export interface PipeFailure {
  pipe: string;
  kind: PipeErrorKind;
  status: number | undefined;
  timedOut: boolean;
  /** The developer-facing message: names the pipe and carries Tinybird's own words. */
  message: string;
  at: number;
}

export interface PipeHealth {
  record(pipe: string, outcome: PipeError | null): void;
  subscribe(listener: () => void): () => void;
  failures(): readonly PipeFailure[];
}

const NONE: readonly PipeFailure[] = [];

export function createPipeHealth(): PipeHealth {
  let failures: readonly PipeFailure[] = NONE;
  const listeners = new Set<() => void>();
  const set = (next: readonly PipeFailure[]) => {
    failures = next;
    for (const listener of listeners) listener();
  };
  return {
    record(pipe, outcome) {
      const others = failures.filter((failure) => failure.pipe !== pipe);
      if (!outcome) {
        if (others.length !== failures.length) set(others);
        return;
      }
      // An org switch in flight isn't a failure anyone needs to read about.
      if (outcome.kind === "tenant-changed") return;
      const { kind, status, timedOut, message, at } = outcome;
      set([...others, { pipe, kind, status, timedOut, message, at }]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    failures: () => failures,
  };
}

/** Failures a retry can outlast: Tinybird down, failing or too slow, as opposed to one query's own problem. */
export function isTransient(failure: Pick<PipeFailure, "kind">): boolean {
  return failure.kind === "network" || failure.kind === "server";
}

/** Every pipe whose latest request failed, oldest failure first. */
export function usePipeFailures(): readonly PipeFailure[] {
  const health = useContext(PipeClientContext)?.health;
  return useSyncExternalStore(health?.subscribe ?? noSubscription, health?.failures ?? noFailures, noFailures);
}

/** Several pipes failing the same transient way at once: one outage, told once for the page. */
export const OUTAGE_MIN_PIPES = 2;

export function isOutage(failures: readonly PipeFailure[]): boolean {
  const counts = new Map<string, number>();
  for (const failure of failures.filter(isTransient)) {
    const cause = `${failure.kind}:${failure.timedOut ? "timeout" : (failure.status ?? "")}`;
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  return [...counts.values()].some((count) => count >= OUTAGE_MIN_PIPES);
}

/** Whether the page is in an outage; a boolean snapshot, so widgets re-render when that flips, not per failure. */
export function useOutage(): boolean {
  const health = useContext(PipeClientContext)?.health;
  return useSyncExternalStore(
    health?.subscribe ?? noSubscription,
    () => (health ? isOutage(health.failures()) : false),
    () => false,
  );
}

const noSubscription = () => () => undefined;
const noFailures = () => NONE;

/** `fetcher`, recording each request's outcome in `health`; results and errors pass through unchanged. */
export function withHealth(fetcher: PipeFetcher, health: PipeHealth): PipeFetcher {
  return async (pipe, params, tenant) => {
    try {
      const result = await fetcher(pipe, params, tenant);
      health.record(pipe.name, null);
      return result;
    } catch (error) {
      if (error instanceof PipeError) health.record(pipe.name, error);
      throw error;
    }
  };
}
