"use client";
// What usePipe needs from <PipeSWRProvider>: whose data the token reads and the fetcher with the token lifecycle.
import { createContext } from "react";
import type { PipeFetcher } from "@/lib/tinybird/client/create-pipe-fetcher";
import type { PipeHealth } from "@/lib/tinybird/client/pipe-health";
import type { TokenTenant } from "@/lib/tinybird/token-tenant";

export interface PipeClient {
  /** Whose data the current token reads; null without a usable token. */
  tenant: TokenTenant | null;
  fetch: PipeFetcher;
  /** The latest outcome per pipe, for the outage banner and the Developer tab. */
  health: PipeHealth;
}

export const PipeClientContext = createContext<PipeClient | null>(null);
