// `npm run bench:endpoints`: p50/p95 of every dashboard endpoint on the local Tinybird server at 1M and 10M rows of
// demo data, through HTTP with JWTs minted from the repo's templates, as the dashboard calls them.
// Flags: --scales 1000000,10000000  --samples 30
import { parseArgs } from "node:util";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";
import { spawnLocalServer } from "tinybird-local-chdb";
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scales: { type: "string", default: "1000000,10000000" }, samples: { type: "string", default: "30" } },
  });
  const scales = values.scales.split(",").map(Number);
  const samples = Number(values.samples);
  const server = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  try {
    const tb = await connectTinybird(server.url);
    const token = async (template: "tinybird" | "tinybird_admin", user: string) => {
      const claims = renderJwtTemplate(JWT_TEMPLATES[template]!, { user: { id: user }, org: { slug: "acme" } });
      // No rps limit here: this measures query latency, not the rate limiter (bench:load does that).
      delete claims.limits;
      return (await signTinybirdJwt(claims, { workspaceId: server.workspaceId, secret: server.adminToken }, 3600))
        .token;
    };
    const viewers = {
      "admin (ada@acme)": await token("tinybird_admin", "user_local_ada"),
      "member (grace@acme)": await token("tinybird", "user_local_grace"),
    };

    for (const rows of scales) {
      const seeded = Date.now();
      await seedDemoData(tb, { rows, days: 90, seed: 42, reset: true, log: () => undefined });
      console.log(
        `\n${rows.toLocaleString("en")} rows (90 days, acme ≈ 55%), seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s; ${samples} requests per cell, ms`,
      );
      const header = ["endpoint".padEnd(20), ..."viewer range p50 p95".split(" ")];
      console.log(`${header[0]} ${"viewer".padEnd(20)} ${"range".padEnd(6)} ${"p50".padStart(7)} ${"p95".padStart(7)}`);
      const now = new Date();
      const cells: Array<[string, string, string, Record<string, string>]> = [];
      for (const [viewer] of Object.entries(viewers)) {
        for (const days of viewer.startsWith("admin") ? [1, 7, 30, 90] : [7]) {
          const range = { date_from: wallClock(new Date(now.getTime() - days * 86_400_000)), date_to: wallClock(now) };
          for (const pipe of RANGED) cells.push([pipe, viewer, `${days}d`, range]);
        }
        for (const pipe of LIVE) cells.push([pipe, viewer, "live", {}]);
      }
      for (const [pipe, viewer, range, params] of cells) {
        const url = `${server.url}/v0/pipes/${pipe}.json?${new URLSearchParams({ ...params, timezone: "Europe/Berlin" })}`;
        const headers = { Authorization: `Bearer ${viewers[viewer as keyof typeof viewers]}` };
        const timings: number[] = [];
        for (let i = 0; i < samples + 3; i++) {
          const started = performance.now();
          const response = await fetch(url, { headers });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${pipe}: HTTP ${response.status}`);
          if (i >= 3) timings.push(performance.now() - started);
        }
        timings.sort((a, b) => a - b);
        console.log(
          `${pipe.padEnd(20)} ${viewer.padEnd(20)} ${range.padEnd(6)} ${percentile(timings, 0.5).toFixed(1).padStart(7)} ${percentile(timings, 0.95).toFixed(1).padStart(7)}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
