"use client";
import { useContext } from "react";
import { TinybirdTokenContext, type TinybirdTokenState } from "@/lib/tinybird/client/tinybird-token-provider";

/** The current Tinybird token and a way to renew it; only inside <TinybirdTokenProvider>. */
export function useTinybirdToken(): TinybirdTokenState {
  const state = useContext(TinybirdTokenContext);
  if (!state) throw new Error("useTinybirdToken() must be used inside <TinybirdTokenProvider>");
  return state;
}
