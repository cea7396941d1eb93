"use client";
// Results the server fetched while rendering the page, handed to SWR as its fallback for exactly the keys usePipe
// builds: widgets render them during hydration and ask Tinybird nothing until they next poll.
import { useMemo, type ReactNode } from "react";
import { SWRConfig, unstable_serialize } from "swr";
import type { PipeResult } from "@/lib/tinybird/fetch-pipe";
import type { PipeKey } from "@/lib/tinybird/pipe-key";

export interface PipeSeed {
  key: PipeKey<unknown>;
  /** null: the server had no result in time (or an error); the widget fetches from the browser. */
  result: PipeResult<unknown> | null;
}

/** A seed the server is still fetching (lib/tinybird/server/prefetch-pipe.ts). */
export interface PendingSeed {
  key: PipeKey<unknown>;
  result: Promise<PipeResult<unknown> | null>;
}

export function PipeSeeds({ seeds, children }: { seeds: PipeSeed[]; children: ReactNode }) {
  const value = useMemo(
    () => ({
      fallback: Object.fromEntries(
        seeds.flatMap(({ key, result }) => (result ? [[unstable_serialize(key), result] as const] : [])),
      ),
    }),
    [seeds],
  );
  return <SWRConfig value={value}>{children}</SWRConfig>;
}
