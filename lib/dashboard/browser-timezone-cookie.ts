// The cookie in which the browser remembers its own timezone for the server's next render (not the URL's tz).
import { canonicalTimeZone, isTimeZone } from "@/lib/time-zone";

export const BROWSER_TIMEZONE_COOKIE = "browser-tz";

export function parseBrowserTimezone(value: string | undefined): string | null {
  return value && isTimeZone(value) ? canonicalTimeZone(value) : null;
}
