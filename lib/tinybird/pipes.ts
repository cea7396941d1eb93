// Every Tinybird endpoint the app reads, declared once and named exactly like its tinybird/endpoints/*.pipe file.
// `org` is never a param: the JWT fixes it. `user` is fixed for members; admins may send it to narrow.
import { isTimeZone } from "@/lib/time-zone";
import { definePipe } from "@/lib/tinybird/define-pipe";
import "@/lib/tinybird/zod-messages";
import * as z from "zod/mini";

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const WALL_CLOCK_MS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

const wallClock = z.string().check(z.regex(WALL_CLOCK, "must be wall-clock time 'YYYY-MM-DD HH:MM:SS'"));
const timezone = z.string().check(z.refine(isTimeZone, "must be an IANA timezone such as Europe/Berlin"));

const tenantParams = {
  user: z.optional(z.string().check(z.minLength(1))),
  timezone: z.optional(timezone),
};
const rangeParams = { ...tenantParams, date_from: z.optional(wallClock), date_to: z.optional(wallClock) };

// ClickHouse may quote 64-bit integers (output_format_json_quote_64bit_integers); accept both spellings.
const count = z.pipe(
  z.transform((value: unknown) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value)),
  z.number().check(z.int(), z.nonnegative()),
);
const ratio = z.number().check(z.minimum(0), z.maximum(1));
const ms = z.number().check(z.nonnegative());
const timeBucket = z.string().check(z.regex(WALL_CLOCK, "must be 'YYYY-MM-DD HH:MM:SS'"));
const timestampMs = z.string().check(z.regex(WALL_CLOCK_MS, "must be 'YYYY-MM-DD HH:MM:SS.mmm'"));
const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

export const usageKpis = definePipe("usage_kpis", {
  params: z.strictObject(rangeParams),
  row: z.object({
    requests: count,
    errors: count,
    error_rate: ratio,
    latency_p50: z.nullable(ms),
    latency_p95: z.nullable(ms),
    active_members: count,
    bytes: count,
    previous_requests: count,
    previous_errors: count,
    previous_error_rate: ratio,
    previous_latency_p50: z.nullable(ms),
    previous_latency_p95: z.nullable(ms),
    previous_active_members: count,
    previous_bytes: count,
  }),
});

export const requestsOverTime = definePipe("requests_over_time", {
  params: z.strictObject(rangeParams),
  row: z.object({
    t: timeBucket,
    requests: count,
    requests_2xx: count,
    requests_3xx: count,
    requests_4xx: count,
    requests_5xx: count,
  }),
});

export const latencyOverTime = definePipe("latency_over_time", {
  params: z.strictObject(rangeParams),
  row: z.object({
    t: timeBucket,
    requests: count,
    latency_p50: z.nullable(ms),
    latency_p95: z.nullable(ms),
    latency_p99: z.nullable(ms),
  }),
});

export const topRoutes = definePipe("top_routes", {
  params: z.strictObject({ ...rangeParams, limit: z.optional(int(1, 1000)) }),
  row: z.object({
    method: z.string(),
    route: z.string(),
    requests: count,
    errors: count,
    error_rate: ratio,
    latency_p50: ms,
    latency_p95: ms,
  }),
});

export const statusCodes = definePipe("status_codes", {
  params: z.strictObject(rangeParams),
  row: z.object({
    status: int(100, 599),
    status_class: int(1, 5),
    requests: count,
    share: ratio,
  }),
});

export const regions = definePipe("regions", {
  params: z.strictObject(rangeParams),
  row: z.object({
    region: z.string(),
    requests: count,
    errors: count,
    error_rate: ratio,
    share: ratio,
  }),
});

export const memberUsage = definePipe("member_usage", {
  params: z.strictObject(rangeParams),
  row: z.object({
    user: z.string(),
    requests: count,
    errors: count,
    error_rate: ratio,
    latency_p50: ms,
    latency_p95: ms,
    last_seen: timestampMs,
  }),
});

export const liveRequests = definePipe("live_requests", {
  params: z.strictObject({ ...tenantParams, minutes: z.optional(int(1, 60)) }),
  row: z.object({
    t: timeBucket,
    requests: count,
    requests_2xx: count,
    requests_3xx: count,
    requests_4xx: count,
    requests_5xx: count,
    latency_p95: z.nullable(ms),
  }),
});

export const recentRequests = definePipe("recent_requests", {
  params: z.strictObject({
    ...tenantParams,
    limit: z.optional(int(1, 500)),
    before: z.optional(timestampMs),
    errors_only: z.optional(z.union([z.literal(0), z.literal(1)])),
  }),
  row: z.object({
    timestamp: timestampMs,
    request_id: z.string(),
    user: z.string(),
    method: z.string(),
    route: z.string(),
    status: z.number().check(z.int()),
    latency_ms: ms,
    bytes: count,
    region: z.string(),
    client: z.string(),
  }),
});
