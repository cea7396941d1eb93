// `npm run tinybird:test:update`: re-records expected_result in tinybird/tests/*.yaml from a fresh local server
// loaded with the fixtures (what `tb test update` does). Review the diff: it is the behaviour change you are making.
import path from "node:path";
import { endpointResult, loadEndpointTests, writeEndpointTests } from "./support/endpoint-tests";
import { runScript } from "./support/run-script";
import { withThrowawayTinybird } from "./support/throwaway-tinybird";

runScript(() =>
  withThrowawayTinybird({ fixtures: true }, async (server) => {
    const tests = loadEndpointTests(path.resolve("tinybird/tests"));
    for (const test of tests)
      test.expected_result = await endpointResult(server.url, server.workspace.adminToken, test);
    writeEndpointTests(tests);
    console.log(`Re-recorded ${tests.length} endpoint tests in tinybird/tests/`);
  }),
);
