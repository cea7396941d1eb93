// `npm run bench:endpoints`: p50/p95 of every dashboard endpoint on the local Tinybird server at 1M and 10M rows of
// demo data, through HTTP with JWTs minted from the repo's templates, as the dashboard calls them.
// Flags: --scales 1000000,10000000  --samples 30  --pipes usage_kpis,top_routes  --profile (then, per cell, where the
// time goes: rendering the template, and ClickHouse's parse, analysis, planning and pipeline stages vs executing)
// --unmerged (measure right after seeding, on the many small parts bulk inserts leave)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";
import { spawnLocalServer, startServer } from "tinybird-local-chdb";
import { seedDemoData } from "./seed-demo-data";
import { connectTinybird } from "./support/tinybird-admin";

const RANGED = [
  "usage_kpis",
  "requests_over_time",
  "latency_over_time",
  "top_routes",
  "status_codes",
  "regions",
  "member_usage",
];
const LIVE = ["live_requests", "recent_requests"];

function wallClock(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** p50 and p95 of `samples` runs of `work`, after 3 warm-up runs, in ms. */
async function timings(samples: number, work: () => Promise<unknown>): Promise<[number, number]> {
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const started = performance.now();
    await work();
    if (i >= 3) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return [percentile(times, 0.5), percentile(times, 0.95)];
}

const cell = (value: number) => value.toFixed(1).padStart(7);

// ClickHouse's own stopwatches (system.events, microseconds): what a query spends before it reads a row, the CPU time
// it waited for because other processes held the cores, and the CPU it used (what load changes least).
const STAGES = {
  parse: "QueryParseMicroseconds",
  analyze: "QueryAnalysisMicroseconds",
  plan: "QueryPlanBuildMicroseconds",
  optimize: "QueryPlanOptimizeMicroseconds",
  pipeline: "QueryPipelineBuildMicroseconds",
  query: "QueryTimeMicroseconds",
  "cpu wait": "OSCPUWaitMicroseconds",
  "cpu user": "UserTimeMicroseconds",
  "cpu sys": "SystemTimeMicroseconds",
};

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * chDB's side of each request, on the same data in this process (one chDB data folder per process): how long the
 * server takes to render the SQL, and for the rendered SQL run directly, the stages ClickHouse times itself, from
 * system.events before and after each run (minus what reading system.events itself costs). "execute" is the rest.
 */
async function profile(dataDir: string, samples: number, cells: Cell[]): Promise<void> {
  const server = await startServer({ port: 0, projectDir: "tinybird", dataDir, fixtures: false, log: false });
  const names = Object.values(STAGES);
  const counters = async () => {
    const sql = `SELECT ${names.map((name) => `sumIf(value, event = '${name}')`).join(", ")} FROM system.events`;
    return (await server.session.queryAsync(sql, { format: "TSV" })).text().trim().split("\t").map(Number);
  };
  const delta = async (work?: () => Promise<unknown>) => {
    const before = await counters();
    await work?.();
    return (await counters()).map((value, i) => (value - before[i]!) / 1000);
  };
  try {
    const idle: number[][] = [];
    for (let i = 0; i < samples; i++) idle.push(await delta());
    const overhead = names.map((_, i) => median(idle.map((row) => row[i]!)));
    const stages = Object.keys(STAGES);
    console.log(
      `\nchDB directly, p50 ms per stage (ClickHouse's system.events; execute = query − the stages before it)`,
    );
    console.log(
      `${"endpoint".padEnd(20)} ${"viewer".padEnd(20)} ${"range".padEnd(6)}  render${stages.map((name) => name.padStart(9)).join("")}  execute`,
    );
    for (const { pipe, viewer, range, params } of cells) {
      const variables = { ...params, ...viewer.fixed };
      const [render] = await timings(samples, async () => server.endpointSql(pipe, variables));
      const sql = server.endpointSql(pipe, variables);
      const runs: number[][] = [];
      for (let i = 0; i < samples + 3; i++) {
        const run = await delta(() => server.session.queryAsync(sql, { format: "JSON" }));
        if (i >= 3) runs.push(run.map((value, j) => value - overhead[j]!));
      }
      const p50 = names.map((_, i) => median(runs.map((row) => row[i]!)));
      const before = median(runs.map((row) => row.slice(0, 5).reduce((sum, value) => sum + value, 0)));
      console.log(
        `${pipe.padEnd(20)} ${viewer.label.padEnd(20)} ${range.padEnd(6)} ${cell(render)}${p50.map((value) => value.toFixed(1).padStart(9)).join("")} ${cell(p50[5]! - before)}`,
      );
    }
  } finally {
    await server.close();
  }
}

/**
 * Bulk seeding leaves each datasource in many small parts, and every query plans and reads over each of them; a
 * datasource that has been live a while is merged by ClickHouse in the background (on Tinybird Cloud too), so the
 * bench merges them as that steady state would have.
 */
async function mergeParts(dataDir: string): Promise<void> {
  const server = await startServer({ port: 0, projectDir: "tinybird", dataDir, fixtures: false, log: false });
  try {
    const tables = (
      await server.session.queryAsync(
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'",
        { format: "TSV" },
      )
    )
      .text()
      .trim()
      .split("\n");
    for (const table of tables) await server.session.queryAsync(`OPTIMIZE TABLE \`${table}\` FINAL`);
  } finally {
    await server.close();
  }
}

interface Viewer {
  label: string;
  token: string;
  /** The params its token fixes, for running the SQL directly. */
  fixed: Record<string, string>;
}

interface Cell {
  pipe: string;
  viewer: Viewer;
  range: string;
  params: Record<string, string>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: "string", default: "1000000,10000000" },
      samples: { type: "string", default: "30" },
      pipes: { type: "string" },
      profile: { type: "boolean", default: false },
      unmerged: { type: "boolean", default: false },
    },
  });
  const scales = values.scales.split(",").map(Number);
  const samples = Number(values.samples);
  const only = values.pipes?.split(",");
  const picked = (pipes: string[]) => pipes.filter((pipe) => !only || only.includes(pipe));
  // One data folder for every scale: --profile opens it in this process too, and chDB allows one per process.
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-endpoints-"));
  try {
    for (const rows of scales) {
      const server = await spawnLocalServer({ project: "tinybird", dataDir, args: ["--no-fixtures"] });
      let cells: Cell[] = [];
      try {
        const seeded = Date.now();
        await seedDemoData(await connectTinybird(server.url), {
          rows,
          days: 90,
          seed: 42,
          reset: true,
          log: () => undefined,
        });
        if (!values.unmerged) {
          await server.stop();
          await mergeParts(dataDir);
          await server.restart();
        }
        console.log(
          `\n${rows.toLocaleString("en")} rows (90 days, acme ≈ 55%), seeded${values.unmerged ? "" : " and merged"} in ${((Date.now() - seeded) / 1000).toFixed(1)} s; ${samples} requests per cell, ms`,
        );
        const viewer = async (label: string, template: "tinybird" | "tinybird_admin", user: string) => {
          const claims = renderJwtTemplate(JWT_TEMPLATES[template]!, { user: { id: user }, org: { slug: "acme" } });
          // No rps limit here: this measures query latency, not the rate limiter (bench:load does that).
          delete claims.limits;
          const signed = await signTinybirdJwt(
            claims,
            { workspaceId: server.workspaceId, secret: server.adminToken },
            3600,
          );
          const fixed: Record<string, string> = template === "tinybird" ? { org: "acme", user } : { org: "acme" };
          return { label, token: signed.token, fixed };
        };
        const viewers = [
          await viewer("admin (ada@acme)", "tinybird_admin", "user_local_ada"),
          await viewer("member (grace@acme)", "tinybird", "user_local_grace"),
        ];
        console.log(`${"endpoint".padEnd(20)} ${"viewer".padEnd(20)} ${"range".padEnd(6)}     p50     p95`);
        const now = new Date();
        for (const viewer of viewers) {
          for (const days of viewer.label.startsWith("admin") ? [1, 7, 30, 90] : [7]) {
            const range = {
              date_from: wallClock(new Date(now.getTime() - days * 86_400_000)),
              date_to: wallClock(now),
            };
            for (const pipe of picked(RANGED)) cells.push({ pipe, viewer, range: `${days}d`, params: range });
          }
          for (const pipe of picked(LIVE)) cells.push({ pipe, viewer, range: "live", params: {} });
        }
        cells = cells.map((c) => ({ ...c, params: { ...c.params, timezone: "Europe/Berlin" } }));
        for (const { pipe, viewer, range, params } of cells) {
          const url = `${server.url}/v0/pipes/${pipe}.json?${new URLSearchParams(params)}`;
          const headers = { Authorization: `Bearer ${viewer.token}` };
          const [p50, p95] = await timings(samples, async () => {
            const response = await fetch(url, { headers });
            await response.arrayBuffer();
            if (!response.ok) throw new Error(`${pipe}: HTTP ${response.status}`);
          });
          console.log(`${pipe.padEnd(20)} ${viewer.label.padEnd(20)} ${range.padEnd(6)} ${cell(p50)} ${cell(p95)}`);
        }
      } finally {
        await server.stop();
      }
      if (values.profile) await profile(dataDir, samples, cells);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
