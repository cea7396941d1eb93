// What a failed widget tells its user, naming what they see ("the requests chart"), never a pipe or a status: those
// stay in the Developer tab.
import type { PipeErrorKind } from "@/lib/tinybird/pipe-error";

export function widgetErrorMessage(error: { kind: PipeErrorKind; timedOut: boolean }, subject: string): string {
  switch (error.kind) {
    case "network":
      return error.timedOut
        ? `Analytics took too long to answer for the ${subject}.`
        : `Couldn't reach analytics for the ${subject}.`;
    case "server":
      return `Analytics had a problem loading the ${subject}.`;
    case "rate-limited":
      return `Too many requests for the ${subject} just now.`;
    case "forbidden":
      return `Analytics didn't accept your access for the ${subject}. Reload the page to sign in again.`;
    case "bad-request":
      return `Analytics couldn't run the query behind the ${subject}.`;
    case "schema":
      return `Analytics sent data the ${subject} couldn't read.`;
    case "invalid-params":
      return `The ${subject} asked for data in a way analytics can't answer.`;
    case "tenant-changed":
      return `The organization changed; the ${subject} is reloading.`;
  }
}
