// `npm run tinybird:seed`: fills `api_requests` with deterministic demo traffic, generated inside ClickHouse by the
// `demo_api_requests` copy pipe, in slices so long runs report progress. Rollups fill through their materialized views.
// The traffic is a function of time (scripts/support/demo-traffic.ts): seeding a gap later continues the same curve.
import { parseArgs } from "node:util";
import { DEMO_DAYS, DEMO_ROWS, DEMO_SEED, ratePerMinute } from "./support/demo-traffic";
import { runScript } from "./support/run-script";
import {
  connectTinybird,
  querySql,
  runCopyPipe,
  truncateDatasource,
  type TinybirdAdmin,
} from "./support/tinybird-admin";

const ROWS_PER_SLICE = 1_000_000;
const SEEDED_DATASOURCES = [
  "api_requests",
  "api_usage_15m",
  "api_usage_org_15m",
  "api_usage_daily",
  "api_routes_hourly",
  "api_routes_daily",
  "api_status_codes_hourly",
  "api_regions_hourly",
];

export interface SeedOptions {
  /** Rows over `days`: together they set the model's rate, also when only a gap (`start`) is generated. */
  rows: number;
  days: number;
  seed: number;
  /** Generated traffic ends at this minute, 'YYYY-MM-DD HH:MM:SS' UTC; default now. */
  end?: string;
  /** Generated traffic starts at this minute instead of `days` before `end` (to fill a gap). */
  start?: string;
  reset: boolean;
  log?: (line: string) => void;
}

export async function seedDemoData(tb: TinybirdAdmin, options: SeedOptions): Promise<number> {
  const log = options.log ?? console.log;
  if (options.reset) {
    for (const datasource of SEEDED_DATASOURCES) await truncateDatasource(tb, datasource);
  }
  const end = options.end ?? new Date().toISOString().slice(0, 16).replace("T", " ") + ":00";
  const rate = ratePerMinute(options.rows, options.days);
  const minutes = options.start
    ? (Date.parse(`${end.replace(" ", "T")}Z`) - Date.parse(`${options.start.replace(" ", "T")}Z`)) / 60_000
    : options.days * 1440;
  const expected = rate * minutes;
  const parts = Math.max(1, Math.ceil(expected / ROWS_PER_SLICE));
  const started = Date.now();
  for (let part = 0; part < parts; part++) {
    const span: Record<string, string | number> = options.start ? { start: options.start } : { days: options.days };
    await runCopyPipe(tb, "demo_api_requests", { rate, ...span, seed: options.seed, end, part, parts });
    if (parts > 1) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(
        `  demo data: ${part + 1}/${parts} slices, ~${Math.round(((part + 1) / parts) * expected).toLocaleString("en")} rows, ${seconds} s`,
      );
    }
  }
  const [{ rows }] = (await querySql<{ rows: number }>(tb, "SELECT count() AS rows FROM api_requests")) as [
    { rows: number },
  ];
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: String(DEMO_ROWS) },
      days: { type: "string", default: String(DEMO_DAYS) },
      seed: { type: "string", default: String(DEMO_SEED) },
      end: { type: "string" },
      reset: { type: "boolean", default: false },
      url: { type: "string" },
    },
  });
  const rows = Number(values.rows);
  const days = Number(values.days);
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`--rows must be a positive whole number, got ${values.rows}`);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`--days must be a positive whole number, got ${values.days}`);
  const tb = await connectTinybird(values.url);
  const started = Date.now();
  console.log(`Generating ~${rows.toLocaleString("en")} demo requests over ${days} days in ${tb.url} …`);
  const total = await seedDemoData(tb, { rows, days, seed: Number(values.seed), end: values.end, reset: values.reset });
  console.log(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: api_requests holds ${total.toLocaleString("en")} rows.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runScript(main);
