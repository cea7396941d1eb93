// Tinybird's endpoint tests (tinybird/tests/<pipe>.yaml, the `tb test` format): each case names query parameters
// and the NDJSON the endpoint must answer. Shared by the integration test that checks them and the script that
// re-records them.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

export interface EndpointTest {
  pipe: string;
  file: string;
  name: string;
  description?: string;
  parameters: string;
  expected_result: string;
}

export function loadEndpointTests(dir: string): EndpointTest[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .flatMap((file) => {
      const cases = YAML.parse(readFileSync(path.join(dir, file), "utf8")) as Omit<EndpointTest, "pipe" | "file">[];
      return cases.map((test) => ({ ...test, pipe: path.basename(file, ".yaml"), file: path.join(dir, file) }));
    });
}

/** What the endpoint answers for the test's parameters, as NDJSON (the format `expected_result` is written in). */
export async function endpointResult(url: string, token: string, test: EndpointTest): Promise<string> {
  const response = await fetch(`${url}/v0/pipes/${test.pipe}.ndjson?${test.parameters}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`${test.pipe} / ${test.name}: HTTP ${response.status} ${body}`);
  return body;
}

export function parseNdjson(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

export function writeEndpointTests(tests: EndpointTest[]): void {
  const byFile = new Map<string, EndpointTest[]>();
  for (const test of tests) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test]);
  for (const [file, cases] of byFile) {
    const doc = cases.map(({ name, description, parameters, expected_result }) => ({
      name,
      description,
      parameters,
      expected_result,
    }));
    writeFileSync(file, YAML.stringify(doc, { lineWidth: 0 }));
  }
}
