import { describe, expect, it, vi } from "vitest";
import { fetchPipe, parseRetryAfter, pipeUrl } from "@/lib/tinybird/fetch-pipe";
import { PipeError } from "@/lib/tinybird/pipe-error";
import { recentRequests, topRoutes, usageKpis } from "@/lib/tinybird/pipes";

const ROUTE = {
  method: "GET",
  route: "/v1/orders",
  requests: 12,
  errors: 1,
  error_rate: 0.0833,
  latency_p50: 20.5,
  latency_p95: 80,
};

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn<typeof fetch>(
    async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers }),
  );
}

const options = (fetch: typeof globalThis.fetch) => ({ apiUrl: "http://tb.test/", token: "jwt.secret.value", fetch });

async function failure(promise: Promise<unknown>): Promise<PipeError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PipeError);
  return error as PipeError;
}

describe("fetchPipe", () => {
  it("sends the token as a Bearer header, never in the URL, and returns validated rows with Tinybird's statistics", async () => {
    const fetch = respond(200, {
      meta: [],
      data: [ROUTE],
      rows: 1,
      statistics: { elapsed: 0.0123, rows_read: 456, bytes_read: 789 },
    });
    const result = await fetchPipe(
      topRoutes,
      { timezone: "UTC", limit: 5, date_from: "2026-11-01 00:00:00" },
      options(fetch),
    );
    const [url, init] = fetch.mock.calls[0]!;
    const sent = new URL(String(url));
    expect(sent.origin + sent.pathname).toBe("http://tb.test/v0/pipes/top_routes.json");
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      timezone: "UTC",
      limit: "5",
      date_from: "2026-11-01 00:00:00",
    });
    expect(String(url)).not.toContain("jwt.secret.value");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer jwt.secret.value");
    expect(result.rows).toEqual([ROUTE]);
    expect(result.elapsedMs).toBeCloseTo(12.3);
    expect(result.rowsRead).toBe(456);
    expect(result.params).toEqual({ timezone: "UTC", limit: 5, date_from: "2026-11-01 00:00:00" });
  });

  it("accepts 64-bit integers quoted as strings", async () => {
    const fetch = respond(200, { data: [{ ...ROUTE, requests: "12345678901" }] });
    const { rows } = await fetchPipe(topRoutes, {}, options(fetch));
    expect(rows[0]!.requests).toBe(12_345_678_901);
  });

  it("refuses params the pipe doesn't take, org above all (the JWT fixes it), before any request", async () => {
    const fetch = respond(200, { data: [] });
    const error = await failure(fetchPipe(usageKpis, { org: "globex" } as never, options(fetch)));
    expect(error.kind).toBe("invalid-params");
    expect(error.message).toMatch(/usage_kpis/);
    expect(error.message).toMatch(/org/);
    const badDate = await failure(fetchPipe(usageKpis, { date_from: "yesterday" }, options(fetch)));
    expect(badDate.message).toMatch(/date_from: must be wall-clock time/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("turns a 403 into a forbidden error with Tinybird's reason", async () => {
    const error = await failure(
      fetchPipe(usageKpis, {}, options(respond(403, { error: "invalid authentication token. Token has expired" }))),
    );
    expect(error).toMatchObject({ kind: "forbidden", status: 403, pipe: "usage_kpis" });
    expect(error.message).toMatch(/Token has expired/);
  });

  it("turns a 429 into rate-limited with Retry-After's seconds", async () => {
    const error = await failure(
      fetchPipe(usageKpis, {}, options(respond(429, { error: "rate limited" }, { "Retry-After": "3" }))),
    );
    expect(error).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 3 });
    expect(error.message).toBe("usage_kpis: rate limited, retrying in 3 s");
  });

  it("reads the wait from Tinybird's message when CORS hides Retry-After from the browser", async () => {
    const error = await failure(
      fetchPipe(usageKpis, {}, options(respond(429, { error: "Too many requests: retry after 7 seconds" }))),
    );
    expect(error.retryAfterSeconds).toBe(7);
    const silent = await failure(fetchPipe(usageKpis, {}, options(respond(429, { error: "Too many requests" }))));
    expect(silent.retryAfterSeconds).toBe(1);
  });

  it("reports 400s and 5xx with the status and message", async () => {
    const bad = await failure(
      fetchPipe(usageKpis, {}, options(respond(400, { error: "date_from must be earlier than date_to" }))),
    );
    expect(bad).toMatchObject({ kind: "bad-request", status: 400 });
    expect(bad.message).toBe("usage_kpis answered 400: date_from must be earlier than date_to");
    const down = await failure(fetchPipe(usageKpis, {}, options(respond(502, "Bad gateway"))));
    expect(down).toMatchObject({ kind: "server", status: 502 });
  });

  it("reports a network failure as such", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect((await failure(fetchPipe(usageKpis, {}, options(fetch)))).kind).toBe("network");
  });

  it("gives up on a request that doesn't answer in time, and says so", async () => {
    const hanging = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason))),
    );
    const error = await failure(fetchPipe(usageKpis, {}, { ...options(hanging), timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: "network", message: "Tinybird didn't answer usage_kpis within 0.05 s" });
  });

  it("passes the caller's abort through as an abort, not a Tinybird failure", async () => {
    const controller = new AbortController();
    const hanging = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason))),
    );
    const pending = fetchPipe(usageKpis, {}, { ...options(hanging), signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports rows that don't match the schema as an error naming the pipe and the field, not a crash", async () => {
    const fetch = respond(200, { data: [{ ...ROUTE, latency_p95: "fast" }] });
    const error = await failure(fetchPipe(topRoutes, {}, options(fetch)));
    expect(error.kind).toBe("schema");
    expect(error.message).toMatch(/^top_routes rows don't match its schema: row\.0\.latency_p95/);
    const notJson = await failure(fetchPipe(recentRequests, {}, options(respond(200, "<html>"))));
    expect(notJson.kind).toBe("schema");
  });
});

describe("helpers", () => {
  it("reads Retry-After as seconds or as an HTTP date, defaulting to 1", () => {
    expect(parseRetryAfter("2")).toBe(2);
    expect(parseRetryAfter("0.2")).toBe(1);
    expect(parseRetryAfter(null)).toBe(1);
    expect(parseRetryAfter("Thu, 26 Nov 2026 04:00:05 GMT", Date.parse("2026-11-26T04:00:00Z"))).toBe(5);
  });

  it("leaves undefined params out of the URL", () => {
    expect(pipeUrl("http://tb.test", "regions", { timezone: "UTC", user: undefined })).toBe(
      "http://tb.test/v0/pipes/regions.json?timezone=UTC",
    );
  });
});
