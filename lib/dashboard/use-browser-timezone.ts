"use client";
// The browser's IANA timezone; null during server render and hydration (the server can't know it).
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

export function useBrowserTimezone(): string | null {
  return useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}
