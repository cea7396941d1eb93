// One answer to "is this an IANA timezone?" for the URL parser, the pipe params and the browser's zone cookie.
const checked = new Map<string, boolean>();

export function isTimeZone(name: string): boolean {
  let valid = checked.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    // Names come from URLs and cookies: remember the valid ones only, so junk can't grow the map.
    if (valid) checked.set(name, valid);
  }
  return valid;
}
