// `npm run tinybird:test:update`: re-records expected_result in tinybird/tests/*.yaml from a fresh local server
// loaded with the fixtures (what `tb test update` does). Review the diff: it is the behaviour change you are making.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "@/tinybird-local/src/start-server";
import { endpointResult, loadEndpointTests, writeEndpointTests } from "./support/endpoint-tests";

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tinybird-tests-"));
  const server = await startServer({ port: 0, projectDir: path.resolve("tinybird"), dataDir, log: false });
  try {
    const tests = loadEndpointTests(path.resolve("tinybird/tests"));
    for (const test of tests) test.expected_result = await endpointResult(server.url, server.workspace.adminToken, test);
    writeEndpointTests(tests);
    console.log(`Re-recorded ${tests.length} endpoint tests in tinybird/tests/`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
