import { describe, expect, it } from "vitest";
import { RequestLogSummary } from "@/scripts/support/request-log-summary";

function summary(verbose = false) {
  const printed: string[] = [];
  return { printed, log: new RequestLogSummary((line) => printed.push(line), verbose) };
}

describe("the dev loop's summary of the local server's request log", () => {
  it("folds successful requests into one line per interval, by kind, with the slowest", () => {
    const { printed, log } = summary();
    for (let i = 0; i < 10; i++) log.line(`POST /v0/events?name=api_requests&wait=true 202 ${i + 1}.5ms`);
    log.line("GET /v0/pipes/usage_kpis.json?date_from=x 200 31.2ms");
    log.line("POST /v0/sql 200 4.0ms");
    expect(printed).toEqual([]);
    log.flush(10);
    expect(printed).toEqual(["10 event posts, 1 endpoint read, 1 SQL query in the last 10 s (slowest 31 ms)"]);
    log.flush(10);
    expect(printed).toHaveLength(1);
  });

  it("prints errors and the server's own messages at once, and never job polls or preflights", () => {
    const { printed, log } = summary();
    log.line("GET /v0/jobs/0f1e 200 0.4ms");
    log.line("OPTIONS /v0/pipes/regions.json 204 0.1ms");
    log.line("GET /v0/pipes/regions.json 403 1.0ms");
    log.line("Datafiles reloaded");
    log.flush(10);
    expect(printed).toEqual(["GET /v0/pipes/regions.json 403 1.0ms", "Datafiles reloaded"]);
  });

  it("passes every line through with --verbose", () => {
    const { printed, log } = summary(true);
    log.line("GET /v0/jobs/0f1e 200 0.4ms");
    log.line("POST /v0/events?name=api_requests 202 3.1ms");
    log.flush(10);
    expect(printed).toEqual(["GET /v0/jobs/0f1e 200 0.4ms", "POST /v0/events?name=api_requests 202 3.1ms"]);
  });
});
