// `npm run tinybird:fixture`: regenerates tinybird/fixtures/api_requests.ndjson, the small deterministic dataset the
// tests and `tb` deploys load. It runs the demo generator with fixed parameters on a throwaway local server, so the
// same command always writes the same file. Re-record tinybird/tests/*.yaml afterwards (npm run tinybird:test:update).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { seedDemoData } from "./seed-demo-data";
import { runScript } from "./support/run-script";
import { withThrowawayTinybird } from "./support/throwaway-tinybird";
import { connectTinybird } from "./support/tinybird-admin";

// 21 days ending here: recent enough for the raw table's 400-day TTL until late 2027 (see README, Known limitations).
const FIXTURE = { rows: 6000, days: 21, seed: 7, end: "2026-11-20 00:00:00" } as const;
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
