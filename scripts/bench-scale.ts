// `npm run bench:scale`: how endpoint latency grows with data. For each scale (demo data over 90 days, seeded with
// seedDemoData) it times every endpoint over HTTP as an org admin (acme, about 55% of the rows) for the dashboard's
// 7-day range and a 90-day one, then prints p50/p95 per scale, the growth of p50 per 10× rows, and ClickHouse's
// rows_read, against the targets: sub-linear growth and p50 ≤ 100 ms at 50M rows.
// Flags: --scales 1000000,10000000,50000000  --samples 20
import { parseArgs } from "node:util";
import { spawnLocalServer } from "tinybird-local-chdb";
import { seedDemoData } from "./seed-demo-data";
import { latencyStats, ms } from "./support/latency-stats";
import { templateToken } from "./support/template-token";
import { connectTinybird, querySql, type TinybirdAdmin } from "./support/tinybird-admin";

const RANGED = [
  "usage_kpis",
  "requests_over_time",
  "latency_over_time",
  "top_routes",
  "status_codes",
  "regions",
  "member_usage",
];
const UNRANGED = ["live_requests", "recent_requests"];
const WARMUP = 3;
const TARGET_P50_MS = 100;

interface Cell {
  endpoint: string;
  range: "7d" | "90d" | "–";
}

interface Measurement {
  p50: number;
  p95: number;
  rowsRead: number;
  bytesRead: number;
}

function wallClock(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function compact(rows: number): string {
  return rows >= 1e6 ? `${+(rows / 1e6).toFixed(1)}M` : rows >= 1e3 ? `${+(rows / 1e3).toFixed(1)}k` : String(rows);
}

/** Background merges skew timings; wait (up to two minutes) until ClickHouse has none running. */
async function settle(tb: TinybirdAdmin): Promise<number> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [{ merges }] = (await querySql<{ merges: number }>(tb, "SELECT count() AS merges FROM system.merges")) as [
      { merges: number },
    ];
    if (merges === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const [{ parts }] = (await querySql<{ parts: number }>(
    tb,
    "SELECT count() AS parts FROM system.parts WHERE active AND table = 'api_requests'",
  )) as [{ parts: number }];
  return parts;
}

/**
 * Times every cell `samples` times, round-robin over the cells, so a burst of background load on this shared
 * machine spreads over all of them instead of skewing one.
 */
async function measureAll(urls: readonly string[], token: string, samples: number): Promise<Measurement[]> {
  const timings = urls.map(() => [] as number[]);
  const statistics = urls.map(() => ({ rows_read: 0, bytes_read: 0 }));
  for (let round = 0; round < WARMUP + samples; round++) {
    for (const [c, url] of urls.entries()) {
      const started = performance.now();
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await response.json()) as {
        statistics?: { rows_read: number; bytes_read: number };
        error?: string;
      };
      const elapsed = performance.now() - started;
      if (!response.ok) throw new Error(`${url.split("?")[0]}: HTTP ${response.status} ${body.error ?? ""}`);
      if (round >= WARMUP) timings[c]!.push(elapsed);
      statistics[c] = body.statistics ?? statistics[c]!;
    }
  }
  return urls.map((_, c) => {
    const stats = latencyStats(timings[c]!);
    return { p50: stats.p50, p95: stats.p95, rowsRead: statistics[c]!.rows_read, bytesRead: statistics[c]!.bytes_read };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: "string", default: "1000000,10000000,50000000" },
      samples: { type: "string", default: "20" },
    },
  });
  const scales = values.scales
    .split(",")
    .map(Number)
    .sort((a, b) => a - b);
  const samples = Number(values.samples);
  if (scales.some((rows) => !Number.isInteger(rows) || rows < 1))
    throw new Error(`--scales must be positive whole numbers, got ${values.scales}`);
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`--samples must be a positive whole number, got ${values.samples}`);

  const server = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  try {
    const tb = await connectTinybird(server.url);
    const token = await templateToken({
      workspaceId: server.workspaceId,
      adminToken: server.adminToken,
      template: "tinybird_admin",
      userId: "user_local_ada",
      org: "acme",
      unlimited: true,
    });
    const cells: Cell[] = [
      ...RANGED.flatMap((endpoint) => (["7d", "90d"] as const).map((range) => ({ endpoint, range }))),
      ...UNRANGED.map((endpoint) => ({ endpoint, range: "–" as const })),
    ];
    const results = new Map<number, Measurement[]>();

    for (const rows of scales) {
      const seeding = Date.now();
      console.log(`\nSeeding ${rows.toLocaleString("en")} demo rows over 90 days…`);
      const total = await seedDemoData(tb, { rows, days: 90, seed: 42, reset: true });
      const parts = await settle(tb);
      console.log(
        `${total.toLocaleString("en")} rows in ${((Date.now() - seeding) / 1000).toFixed(0)} s (${parts} active parts); timing ${cells.length} cells × ${samples} requests`,
      );
      const now = new Date();
      const urls = cells.map((cell) => {
        const days = cell.range === "90d" ? 90 : 7;
        const params = new URLSearchParams(
          cell.range === "–"
            ? { timezone: "UTC" }
            : {
                date_from: wallClock(new Date(now.getTime() - days * 86_400_000)),
                date_to: wallClock(now),
                timezone: "UTC",
              },
        );
        return `${server.url}/v0/pipes/${cell.endpoint}.json?${params}`;
      });
      const measured = await measureAll(urls, token, samples);
      cells.forEach((cell, c) => {
        const m = measured[c]!;
        console.log(
          `  ${cell.endpoint.padEnd(20)} ${cell.range.padEnd(4)} p50 ${ms(m.p50)} ms  p95 ${ms(m.p95)} ms  rows read ${compact(m.rowsRead)}`,
        );
      });
      results.set(rows, measured);
    }

    console.log(
      `\nEndpoint latency (ms, over HTTP, admin of acme) by rows of demo data; growth = p50 ratio per 10× rows`,
    );
    const header = scales.map((rows) => `${compact(rows)} p50/p95`.padStart(18)).join("");
    const growthHeader = scales
      .slice(1)
      .map((rows, i) => `${compact(scales[i]!)}→${compact(rows)}`.padStart(11))
      .join("");
    console.log(
      `${"endpoint".padEnd(20)} ${"range".padEnd(5)}${header}${growthHeader}  rows read at ${compact(scales.at(-1)!)}`,
    );
    const misses: string[] = [];
    cells.forEach((cell, c) => {
      const series = scales.map((rows) => results.get(rows)![c]!);
      const latencies = series.map((m) => `${m.p50.toFixed(1)}/${m.p95.toFixed(1)}`.padStart(18)).join("");
      const growth = series.slice(1).map((m, i) => {
        const ratio = Math.pow(m.p50 / series[i]!.p50, 1 / Math.log10(scales[i + 1]! / scales[i]!));
        if (ratio >= 10)
          misses.push(
            `${cell.endpoint} ${cell.range}: grows ×${ratio.toFixed(1)} per 10× rows (${compact(scales[i]!)}→${compact(scales[i + 1]!)})`,
          );
        return `×${ratio.toFixed(2)}`.padStart(11);
      });
      const last = series.at(-1)!;
      if (scales.at(-1)! >= 50_000_000 && last.p50 > TARGET_P50_MS) {
        misses.push(
          `${cell.endpoint} ${cell.range}: p50 ${last.p50.toFixed(1)} ms at ${compact(scales.at(-1)!)} (reads ${compact(last.rowsRead)} rows, ${compact(last.bytesRead)}B)`,
        );
      }
      console.log(
        `${cell.endpoint.padEnd(20)} ${cell.range.padEnd(5)}${latencies}${growth.join("")}  ${compact(last.rowsRead)}`,
      );
    });
    console.log(
      misses.length === 0
        ? `\nTargets met: growth below ×10 per 10× rows everywhere${scales.at(-1)! >= 50_000_000 ? `, p50 ≤ ${TARGET_P50_MS} ms at ${compact(scales.at(-1)!)}` : ""}.`
        : `\nTargets missed:\n${misses.map((miss) => `  ${miss}`).join("\n")}`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
