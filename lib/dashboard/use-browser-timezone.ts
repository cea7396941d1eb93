"use client";
// The browser's IANA timezone, by its current name (ICU still says Asia/Calcutta). The server can't know it, so the browser remembers it in a cookie: the server page
// renders with it (and the widgets can fetch as soon as they hydrate); without one, it is null until hydrated.
import { useEffect, useSyncExternalStore } from "react";
import { BROWSER_TIMEZONE_COOKIE } from "@/lib/dashboard/browser-timezone-cookie";
import { canonicalTimeZone } from "@/lib/time-zone";

const noSubscription = () => () => undefined;
// Read once: a DateTimeFormat costs milliseconds, and React reads the snapshot on every render.
let resolved: string | undefined;
const browserTimezone = () => (resolved ??= canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone));

export function useBrowserTimezone(remembered: string | null = null): string | null {
  const timezone = useSyncExternalStore(noSubscription, browserTimezone, () => remembered);
  useEffect(() => {
    if (timezone && timezone !== remembered) {
      document.cookie = `${BROWSER_TIMEZONE_COOKIE}=${encodeURIComponent(timezone)}; path=/; max-age=31536000; samesite=lax`;
    }
  }, [timezone, remembered]);
  return timezone;
}
