// Every Tinybird endpoint the app reads, declared once and named exactly like its tinybird/endpoints/*.pipe file.
// `org` is never a param: the JWT fixes it. `user` is fixed for members; admins may send it to narrow.
import { z } from "zod";
import { definePipe } from "@/lib/tinybird/define-pipe";

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const WALL_CLOCK_MS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const wallClock = z.string().regex(WALL_CLOCK, "must be wall-clock time 'YYYY-MM-DD HH:MM:SS'");
const timezone = z.string().refine(isTimeZone, "must be an IANA timezone such as Europe/Berlin");

const tenantParams = {
  user: z.string().min(1).optional(),
  timezone: timezone.optional(),
};
const rangeParams = { ...tenantParams, date_from: wallClock.optional(), date_to: wallClock.optional() };

// ClickHouse may quote 64-bit integers (output_format_json_quote_64bit_integers); accept both spellings.
const count = z.preprocess(
  (value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value),
  z.number().int().nonnegative(),
);
const ratio = z.number().min(0).max(1);
const ms = z.number().nonnegative();
const timeBucket = z.string().regex(WALL_CLOCK, "must be 'YYYY-MM-DD HH:MM:SS'");
const timestampMs = z.string().regex(WALL_CLOCK_MS, "must be 'YYYY-MM-DD HH:MM:SS.mmm'");

export const usageKpis = definePipe("usage_kpis", {
  params: z.strictObject(rangeParams),
  row: z.object({
    requests: count,
    errors: count,
    error_rate: ratio,
    latency_p50: ms.nullable(),
    latency_p95: ms.nullable(),
    active_members: count,
    bytes: count,
    previous_requests: count,
    previous_errors: count,
    previous_error_rate: ratio,
    previous_latency_p50: ms.nullable(),
    previous_latency_p95: ms.nullable(),
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
    latency_p50: ms.nullable(),
    latency_p95: ms.nullable(),
    latency_p99: ms.nullable(),
  }),
});

export const topRoutes = definePipe("top_routes", {
  params: z.strictObject({ ...rangeParams, limit: z.number().int().min(1).max(1000).optional() }),
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
    status: z.number().int().min(100).max(599),
    status_class: z.number().int().min(1).max(5),
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
  params: z.strictObject({ ...tenantParams, minutes: z.number().int().min(1).max(60).optional() }),
  row: z.object({
    t: timeBucket,
    requests: count,
    requests_2xx: count,
    requests_3xx: count,
    requests_4xx: count,
    requests_5xx: count,
    latency_p95: ms.nullable(),
  }),
});

export const recentRequests = definePipe("recent_requests", {
  params: z.strictObject({
    ...tenantParams,
    limit: z.number().int().min(1).max(500).optional(),
    before: z.string().regex(WALL_CLOCK_MS, "must be 'YYYY-MM-DD HH:MM:SS.mmm'").optional(),
    errors_only: z.union([z.literal(0), z.literal(1)]).optional(),
  }),
  row: z.object({
    timestamp: timestampMs,
    request_id: z.string(),
    user: z.string(),
    method: z.string(),
    route: z.string(),
    status: z.number().int(),
    latency_ms: ms,
    bytes: count,
    region: z.string(),
    client: z.string(),
  }),
});

/** All of them, for checks that every endpoint is declared (and nothing else is). */
export const PIPES = [
  usageKpis,
  requestsOverTime,
  latencyOverTime,
  topRoutes,
  statusCodes,
  regions,
  memberUsage,
  liveRequests,
  recentRequests,
] as const;
