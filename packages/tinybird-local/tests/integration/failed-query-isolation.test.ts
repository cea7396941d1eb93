import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api } from "./tinybird-api";

const PROJECT = fileURLToPath(new URL("../projects/failing-queries", import.meta.url));
const ITERATIONS = 1000;
const CLIENTS = 8;
const FORMATS = ["json", "csv", "ndjson", "sql"] as const;
const FAILURES = ["throw", "cast"] as const;

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: PROJECT });
});

afterAll(async () => {
  await tb?.stop();
});

const sqlFor = (base: number, failure?: (typeof FAILURES)[number]) => {
  const f =
    failure === "throw"
      ? "throwIf(number = 2500)"
      : failure === "cast"
        ? "toInt32(if(number = 2500, 'x', toString(number)))"
        : "0";
  const rows = failure ? 3000 : 3;
  return `SELECT number + ${base} AS n, ${f} AS f FROM numbers(${rows}) SETTINGS max_block_size = 1000 FORMAT JSON`;
};

function request(format: (typeof FORMATS)[number], base: number, failure?: (typeof FAILURES)[number]) {
  if (format === "sql") return api(tb, `/v0/sql?q=${encodeURIComponent(sqlFor(base, failure))}`);
  const params = new URLSearchParams({ base: String(base) });
  if (failure) {
    params.set("fail", failure);
    params.set("rows", "3000");
  }
  return api(tb, `/v0/pipes/maybe_fail.${format}?${params}`);
}

/** Checks one answer against the exact rows it must hold; returns a description of what was wrong, if anything. */
async function check(response: Response, format: (typeof FORMATS)[number], base: number): Promise<string | undefined> {
  const body = await response.text();
  const rows = [0, 1, 2].map((i) => ({ n: base + i, f: 0 }));
  if (response.status !== 200) return `${format}: status ${response.status}: ${body.slice(0, 200)}`;
  if (format === "csv") {
    const expected = `"n","f"\n${rows.map((row) => `${row.n},${row.f}`).join("\n")}\n`;
    return body === expected ? undefined : `csv: ${JSON.stringify(body.slice(0, 200))}`;
  }
  if (format === "ndjson") {
    const expected = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
    return body === expected ? undefined : `ndjson: ${JSON.stringify(body.slice(0, 200))}`;
  }
  try {
    const parsed = JSON.parse(body) as { data: unknown; rows: number };
    if (parsed.rows === 3 && JSON.stringify(parsed.data) === JSON.stringify(rows)) return undefined;
  } catch {
    // Two JSON documents back to back don't parse: reported below.
  }
  return `${format}: ${JSON.stringify(body.slice(0, 200))}`;
}

describe("a query that fails while running leaves nothing behind", () => {
  it(`alternates failing and succeeding queries (${ITERATIONS} iterations, ${CLIENTS} clients, every format)`, async () => {
    const problems: string[] = [];
    let next = 0;
    const client = async () => {
      while (next < ITERATIONS) {
        const i = next++;
        const format = FORMATS[i % FORMATS.length]!;
        const failure = FAILURES[Math.floor(i / FORMATS.length) % FAILURES.length]!;
        const failed = await request(format, i, failure);
        const error = (await failed.json()) as { error?: string };
        if (failed.status !== 400 || !error.error?.startsWith("[Error] ")) {
          problems.push(`${format} ${failure}: status ${failed.status} ${JSON.stringify(error)}`);
        }
        const problem = await check(await request(format, i * 10), format, i * 10);
        if (problem) problems.push(problem);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(problems).toHaveLength(0);
  }, 300_000);
});
