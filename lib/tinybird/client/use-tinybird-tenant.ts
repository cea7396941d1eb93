"use client";
import { useContext } from "react";
import { PipeClientContext } from "@/lib/tinybird/client/pipe-client-context";
import type { TokenTenant } from "@/lib/tinybird/token-tenant";

/** Whose data the current token reads ({org, user}; user null for an org-wide admin token), or null. */
export function useTinybirdTenant(): TokenTenant | null {
  const client = useContext(PipeClientContext);
  if (!client) throw new Error("useTinybirdTenant() must be used inside <PipeSWRProvider>");
  return client.tenant;
}
