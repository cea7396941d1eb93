// `npm run tinybird:fixture`: regenerates tinybird/fixtures/api_requests.ndjson, the small deterministic dataset the
// tests and `tb` deploys load. It runs the demo generator with fixed parameters on a throwaway local server, so the
// same command always writes the same file. Re-record tinybird/tests/*.yaml afterwards (npm run tinybird:test:update).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { seedDemoData } from "./seed-demo-data";
import { DEMO_DAYS, DEMO_SEED } from "./support/demo-traffic";
import { runScript } from "./support/run-script";
import { withThrowawayTinybird } from "./support/throwaway-tinybird";
import { connectTinybird } from "./support/tinybird-admin";

// The demo model over 180 days like npm run dev's history (every range's previous period has rows), at a rate that
// keeps the file small. The raw table's 400-day TTL starts expiring its oldest rows in mid-2027 (README, Known limitations).
const FIXTURE = { rows: 15_000, days: DEMO_DAYS, seed: DEMO_SEED, end: "2026-11-20 00:00:00" } as const;
const OUTPUT = path.resolve("tinybird/fixtures/api_requests.ndjson");

runScript(() =>
  withThrowawayTinybird({ fixtures: false }, async (server) => {
    await seedDemoData(await connectTinybird(server.url), { ...FIXTURE, reset: false, log: () => undefined });
    const ndjson = (
      await server.session.queryAsync(
        "SELECT * FROM api_requests ORDER BY timestamp, request_id SETTINGS output_format_json_escape_forward_slashes = 0",
        { format: "JSONEachRow" },
      )
    ).text();
    writeFileSync(OUTPUT, ndjson);
    console.log(`Wrote ${ndjson.split("\n").filter(Boolean).length} rows to ${path.relative(process.cwd(), OUTPUT)}`);
  }),
);
