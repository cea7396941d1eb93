// `npm run bench:tinybird`: what the local Tinybird server adds on top of chDB. Starts the server in this process over
// a generated project with ≥ 5M rows, then measures
//   (a) p50/p95 of templated endpoints over HTTP vs the same rendered SQL run directly on the server's chDB session,
//       with and without a `q` query over the endpoint (the same text each time, as a dashboard sends it, and a new
//       text each time, so the guard parses every one),
//   (b) Events API rows/s for 100k-row NDJSON batches vs a direct chDB insert of the same bytes,
//   (c) endpoint throughput and latency with 32 concurrent clients, each with its own JWT.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { startServer, type RunningServer } from "../src/start-server";

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 20;
const BATCH_ROWS = 100_000;
const BATCHES = 5;
const CLIENTS = 32;
const CONCURRENT_SECONDS = 5;

const EVENT_SCHEMA = `SCHEMA >
    \`ts\` DateTime \`json:$.ts\`,
    \`org\` LowCardinality(String) \`json:$.org\`,
    \`user\` String \`json:$.user\`,
    \`route\` LowCardinality(String) \`json:$.route\`,
    \`status\` UInt16 \`json:$.status\`,
    \`latency_ms\` Float32 \`json:$.latency_ms\`

ENGINE "MergeTree"
ENGINE_PARTITION_KEY "toYYYYMM(ts)"
ENGINE_SORTING_KEY "org, ts"
`;

// Two endpoints shaped like the app's: a node that resolves the time range, an endpoint node that reads it.
const endpoint = (select: string) => `TOKEN "bench" READ

NODE time_range
SQL >
    %
    SELECT
        toDateTime({{ DateTime(date_from, '2024-03-01 00:00:00') }}) AS range_start,
        toDateTime({{ DateTime(date_to, '2024-03-02 00:00:00') }}) AS range_end

NODE endpoint
SQL >
    %
    ${select}

TYPE endpoint
`;

const PROJECT: Record<string, string> = {
  "datasources/bench_events.datasource": EVENT_SCHEMA,
  "datasources/bench_ingest.datasource": EVENT_SCHEMA,
  "endpoints/bench_hourly.pipe":
    endpoint(`SELECT toStartOfHour(ts) AS hour, count() AS requests, round(avg(latency_ms), 2) AS latency
    FROM bench_events
    WHERE org = {{ String(org) }}
        AND ts >= (SELECT range_start FROM time_range) AND ts < (SELECT range_end FROM time_range)
    GROUP BY hour
    ORDER BY hour`),
  "endpoints/bench_routes.pipe": endpoint(`SELECT route, count() AS requests, countIf(status >= 500) AS errors,
        quantiles(0.5, 0.95, 0.99)(latency_ms) AS latency, uniq(user) AS users
    FROM bench_events
    WHERE org = {{ String(org) }}
    GROUP BY route
    ORDER BY requests DESC
    LIMIT {{ Int32(limit, 20) }}`),
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function httpRequest(
  url: string,
  init: { method?: string; token: string; body?: Buffer },
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? "GET", agent, headers: { Authorization: `Bearer ${init.token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function endpointLatency(
  server: RunningServer,
  token: string,
  pipe: string,
  params: Record<string, string>,
  q?: (sample: number) => string,
) {
  const label = q ? `${pipe} ${q(0) === q(1) ? "q same" : "q new"}` : pipe;
  const http: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const query = new URLSearchParams({ ...params, ...(q ? { q: q(i) } : {}) }).toString();
    const h = await timed(async () => {
      const response = await httpRequest(`${server.url}/v0/pipes/${pipe}.json?${query}`, { token });
      if (response.status !== 200) throw new Error(`${pipe}: ${response.status} ${response.body.toString()}`);
    });
    // The SQL that request ran (for q, the guard's printed statement over the pipe), straight on chDB.
    const sql = q ? await server.querySql(pipe, q(i), params) : server.endpointSql(pipe, params);
    const d = await timed(() => server.session.queryAsync(sql, { format: "JSON" }).then((result) => result.bytes()));
    if (i >= WARMUP) {
      direct.push(d);
      http.push(h);
    }
  }
  const p50 = { http: percentile(http, 50), direct: percentile(direct, 50) };
  console.log(
    `  ${label.padEnd(21)} HTTP p50 ${p50.http.toFixed(2).padStart(6)} ms  p95 ${percentile(http, 95).toFixed(2).padStart(6)} ms | ` +
      `chDB p50 ${p50.direct.toFixed(2).padStart(6)} ms  p95 ${percentile(direct, 95).toFixed(2).padStart(6)} ms | ` +
      `added p50 ${(p50.http - p50.direct).toFixed(2)} ms, ratio ${(p50.http / p50.direct).toFixed(3)}`,
  );
}

function ndjsonBatch(batch: number): Buffer {
  // ~95 bytes a row, so a 100k-row batch stays under the Events API's 10 MB limit.
  const routes = ["/users", "/orders", "/search", "/health"];
  const lines: string[] = [];
  for (let i = 0; i < BATCH_ROWS; i++) {
    lines.push(
      JSON.stringify({
        ts: 1_709_251_200 + batch * BATCH_ROWS + i,
        org: `org_${i % 50}`,
        user: `u${i % 997}`,
        route: routes[i % 4],
        status: i % 41 === 0 ? 500 : 200,
        latency_ms: (i % 1000) / 8,
      }),
    );
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function ingestion(server: RunningServer) {
  const batches = Array.from({ length: BATCHES }, (_, batch) => ndjsonBatch(batch));
  console.log(
    `  batch: ${BATCH_ROWS.toLocaleString("en")} rows, ${(batches[0]!.length / 1e6).toFixed(1)} MB of NDJSON`,
  );
  await server.session.queryAsync("CREATE TABLE bench_direct AS bench_ingest");
  const api: number[] = [];
  const direct: number[] = [];
  for (const batch of batches) {
    direct.push(
      await timed(() => server.session.insert({ table: "bench_direct", values: batch, format: "JSONEachRow" })),
    );
    api.push(
      await timed(async () => {
        const response = await httpRequest(`${server.url}/v0/events?name=bench_ingest&wait=true`, {
          method: "POST",
          token: server.workspace.adminToken,
          body: batch,
        });
        const result = JSON.parse(response.body.toString()) as { successful_rows: number };
        if (result.successful_rows !== BATCH_ROWS) throw new Error(`Events API: ${response.body.toString()}`);
      }),
    );
  }
  const rate = (ms: number) => BATCH_ROWS / (ms / 1000);
  const apiRate = rate(percentile(api, 50));
  const directRate = rate(percentile(direct, 50));
  console.log(
    `  Events API ${Math.round(apiRate).toLocaleString("en")} rows/s (median of ${BATCHES}) | direct chDB insert ` +
      `${Math.round(directRate).toLocaleString("en")} rows/s | ${((100 * apiRate) / directRate).toFixed(0)}% of direct`,
  );
}

/** A member's JWT, as the app mints one: its own `name` (the rate-limit and concurrency key) and org. */
function benchToken(server: RunningServer, name: string, org: string): Promise<string> {
  return new SignJWT({
    workspace_id: server.workspace.id,
    name,
    scopes: ["bench_hourly", "bench_routes"].map((resource) => ({
      type: "PIPES:READ",
      resource,
      fixed_params: { org },
    })),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(server.workspace.adminToken));
}

async function concurrency(server: RunningServer) {
  const latencies: number[] = [];
  // 32 users, each with their own token: one token's requests share a few connections (docs/security.md).
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, (_, index) => benchToken(server, `bench_user_${index}`, `org_${index % 50}`)),
  );
  const deadline = performance.now() + CONCURRENT_SECONDS * 1000;
  let failures = 0;
  const client = async (index: number) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await httpRequest(`${server.url}/v0/pipes/bench_hourly.json`, { token: tokens[index]! });
      if (response.status !== 200) failures++;
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${CLIENTS} clients on bench_hourly: ${Math.round(latencies.length / seconds).toLocaleString("en")} requests/s, ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ${failures} errors`,
  );
}

async function main() {
  const root = mkdtempSync(path.join(tmpdir(), "bench-tinybird-"));
  const projectDir = path.join(root, "project");
  for (const [file, text] of Object.entries(PROJECT)) {
    mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
    writeFileSync(path.join(projectDir, file), text);
  }
  const started = performance.now();
  const server = await startServer({ port: 0, projectDir, dataDir: path.join(root, "data"), log: false });
  console.log(`Tinybird Local started in ${((performance.now() - started) / 1000).toFixed(2)} s on ${server.url}`);
  try {
    const generating = performance.now();
    await server.session.queryAsync(`
      INSERT INTO bench_events
      SELECT toDateTime('2024-01-01 00:00:00') + intDiv(number * 7776000, ${ROWS}) AS ts,
             concat('org_', toString(number % 50)) AS org,
             concat('user_', toString(cityHash64(number) % 5000)) AS user,
             ['/v1/users', '/v1/orders', '/v1/search', '/v1/payments', '/health'][1 + cityHash64(number, 1) % 5] AS route,
             if(cityHash64(number, 2) % 40 = 0, 500, 200) AS status,
             (cityHash64(number, 3) % 100000) / 100 AS latency_ms
      FROM numbers(${ROWS})`);
    console.log(
      `Generated ${ROWS.toLocaleString("en")} rows in bench_events in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
    );
    const token = await benchToken(server, "bench", "org_7");

    console.log(
      `\n(a) Templated endpoints over HTTP (JWT, fixed org) vs the same SQL on chDB directly, ${SAMPLES} samples each`,
    );
    await endpointLatency(server, token, "bench_hourly", { org: "org_7" });
    await endpointLatency(server, token, "bench_routes", { org: "org_7" });
    const busy = (sample: number) => `SELECT hour, requests FROM _ WHERE requests > ${sample} ORDER BY requests DESC`;
    await endpointLatency(server, token, "bench_hourly", { org: "org_7" }, () => busy(0));
    await endpointLatency(server, token, "bench_hourly", { org: "org_7" }, busy);

    console.log(`\n(b) Ingestion, ${BATCHES} batches`);
    await ingestion(server);

    console.log(`\n(c) Concurrency, ${CONCURRENT_SECONDS} s`);
    await concurrency(server);
  } finally {
    await server.close();
    agent.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
