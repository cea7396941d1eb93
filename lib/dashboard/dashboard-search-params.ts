// Reads the dashboard's URL state on the server: range (preset or custom from/to), timezone and compare. Anything
// else in the URL (org=, user=, …) is ignored: the tenant comes from the session, never the URL.
import { z } from "zod";
import type { DashboardState } from "@/lib/dashboard/dashboard-href";
import {
  DEFAULT_PRESET,
  instantOf,
  PRESET_NAMES,
  toPipeWallClock,
  type RangePreset,
  type TimeRange,
} from "@/lib/dashboard/time-range";
import { canonicalTimeZone, isTimeZone } from "@/lib/time-zone";

const MAX_CUSTOM_DAYS = 400;
const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const preset = z.enum(PRESET_NAMES as [RangePreset, ...RangePreset[]], {
  error: `must be one of ${PRESET_NAMES.join(", ")}`,
});
const localTime = z
  .string()
  .regex(LOCAL_INPUT, "must be YYYY-MM-DDTHH:MM")
  .refine((value) => !Number.isNaN(Date.parse(`${value}:00Z`)), "is not a real date and time");
const timezone = z.string().refine(isTimeZone, "is not an IANA timezone (e.g. Europe/Berlin)");
const flag = z
  .enum(["1", "0", "true", "false"], { error: "must be 1 or 0" })
  .transform((value) => value === "1" || value === "true");

type RawSearchParams = Record<string, string | string[] | undefined>;

function single(raw: RawSearchParams, name: string): string | undefined {
  const value = raw[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Valid state from URL params; each invalid param is reported (naming it) and replaced by its default. */
export function parseDashboardSearchParams(raw: RawSearchParams): { state: DashboardState; problems: string[] } {
  const problems: string[] = [];
  const field = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const value = single(raw, name);
    if (value === undefined || value === "") return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${name}=${JSON.stringify(value)} ${parsed.error.issues[0]?.message ?? "is invalid"}; ignored`);
    return undefined;
  };

  const linked = field("tz", timezone);
  const tz = linked ? canonicalTimeZone(linked) : null;
  const compare = field("compare", flag) ?? false;
  let range: TimeRange = { preset: field("range", preset) ?? DEFAULT_PRESET };
  const from = field("from", localTime);
  const to = field("to", localTime);
  if (from && to) {
    const zone = tz ?? "UTC";
    const length = instantOf(toPipeWallClock(to), zone) - instantOf(toPipeWallClock(from), zone);
    if (length <= 0) problems.push("from must be earlier than to; showing the default range");
    else if (length > MAX_CUSTOM_DAYS * 86_400_000)
      problems.push(`a custom range may span at most ${MAX_CUSTOM_DAYS} days`);
    else range = { from, to };
  } else if (from || to) {
    problems.push(`a custom range needs both from and to; ${from ? "to" : "from"} is missing`);
  }
  return { state: { range, tz, compare }, problems };
}
