// `npm run corpus --workspace tinybird-local-chdb -- [--without-ttl] [--verbose] <project dir>…`: serves each public
// Tinybird project with the local server, calls every endpoint through @tinybirdco/sdk and @chronark/zod-bird with
// the parameters its .pipe requires, runs its tests/*.yaml, and prints a table. docs/corpus.md says how to get the
// projects; nothing of theirs is kept.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Tinybird } from "@chronark/zod-bird";
import { createTinybirdApi } from "@tinybirdco/sdk";
import YAML from "yaml";
import { z } from "zod";
import { readProject } from "../src/project/load-project";
import { pipeParameters } from "../src/project/pipe-parameters";
import type { Pipe, Project } from "../src/project/project-types";
import { spawnLocalServer, type LocalServerProcess } from "../src/spawn-local-server";
import type { TemplateVariable } from "../src/template";

interface EndpointResult {
  pipe: string;
  params: Record<string, string>;
  sdk: string;
  zodBird: string;
}

interface ProjectResult {
  project: string;
  datafiles: number;
  broken: number;
  endpoints: EndpointResult[];
  tests: Array<{ name: string; ok: boolean; detail: string }>;
}

const args = process.argv.slice(2);
const withoutTtl = args.includes("--without-ttl");
const verbose = args.includes("--verbose");
const dirs = args.filter((arg) => !arg.startsWith("--"));

/** The folder holding the datafiles: the project itself, or its `tinybird/` folder. */
function datafileFolder(dir: string): string {
  const has = (folder: string) =>
    ["datasources", "endpoints", "pipes"].some((sub) => existsSync(path.join(folder, sub))) ||
    readdirSync(folder).some((file) => /\.(datasource|pipe)$/.test(file));
  if (has(dir)) return dir;
  const nested = path.join(dir, "tinybird");
  if (existsSync(nested) && has(nested)) return nested;
  throw new Error(`${dir}: no .datasource or .pipe files here or in tinybird/`);
}

/** A copy of the project without ENGINE_TTL lines, for fixtures older than their datasource's TTL. */
function copyWithoutTtl(folder: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), "corpus-without-ttl-"));
  cpSync(folder, copy, { recursive: true });
  const strip = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) strip(file);
      else if (entry.name.endsWith(".datasource")) {
        writeFileSync(file, readFileSync(file, "utf8").replace(/^ENGINE_TTL\b.*$/gm, ""));
      }
    }
  };
  strip(copy);
  return copy;
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A value of a parameter's type that the template functions accept (`Date` needs YYYY-MM-DD, …). */
function sample(type: string): string {
  const inner = /^Array\((\w+)/.exec(type)?.[1];
  if (inner) return sample(inner);
  if (/^U?Int/.test(type)) return "1";
  if (/^Float/.test(type)) return "1.5";
  if (type === "Boolean") return "1";
  if (type === "Date" || type === "Date32") return today();
  if (type === "DateTime64") return `${today()} 00:00:00.000`;
  if (type === "DateTime") return `${today()} 00:00:00`;
  return "sample";
}

/** A value for a parameter: its example, first enum value or default, else one of its type (a date, by its name). */
function valueOf(name: string, variable: TemplateVariable): string {
  const given = variable.example ?? variable.enum?.[0] ?? variable.default;
  if (given !== undefined && given !== null) return Array.isArray(given) ? given.join(",") : String(given);
  if (variable.type === "String" && /date|day/i.test(name)) return /to|end/i.test(name) ? today(1) : today(-30);
  return sample(variable.type);
}

/**
 * Parameter sets to try, from template analysis: none (defaults only), then the ones used without a default, then
 * every parameter the pipe reads (the ones only tested with defined() included).
 */
function parameterSets(pipe: Pipe, project: Project): Array<Record<string, string>> {
  const variables = [...pipeParameters(pipe, project).entries()].map(([name, uses]) => ({
    name,
    // The most specific use: one with a type function over one only seen in defined().
    variable: uses.find((use) => use.usedIn !== "function_call") ?? uses[0]!,
  }));
  const set = (keep: (variable: TemplateVariable) => boolean) =>
    Object.fromEntries(
      variables.filter(({ variable }) => keep(variable)).map(({ name, variable }) => [name, valueOf(name, variable)]),
    );
  return [{}, set((v) => v.usedIn !== "function_call" && v.default === undefined), set(() => true)];
}

/** What a failed call says a parameter must be: `x (Type) query param is required`, `… must be one of: a, b`. */
function learn(message: string): [string, string] | undefined {
  const choice = /^(\w+) \([\w()]+\) query param must be one of the following: ([^,\s]+)/.exec(message);
  if (choice) return [choice[1]!, choice[2]!];
  const missing = /^(\w+) \(([\w()]+)\) query param is required/.exec(message);
  if (missing) return [missing[1]!, sample(missing[2]!)];
  return undefined;
}

async function callEndpoint(tb: LocalServerProcess, project: Project, pipe: Pipe): Promise<EndpointResult> {
  const sdk = createTinybirdApi({ baseUrl: tb.url, token: tb.adminToken });
  const zodBird = new Tinybird({ baseUrl: tb.url, token: tb.adminToken });
  const learned: Record<string, string> = {};
  let last: EndpointResult | undefined;
  for (const base of parameterSets(pipe, project)) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const params = { ...base, ...learned };
      const result: EndpointResult = { pipe: pipe.name, params, sdk: "", zodBird: "" };
      try {
        const answer = await sdk.query(pipe.name, params);
        result.sdk = `${answer.rows ?? answer.data.length} rows`;
      } catch (error) {
        result.sdk = `error: ${(error as Error).message}`;
      }
      if (!result.sdk.startsWith("error")) {
        try {
          const query = zodBird.buildPipe({
            pipe: pipe.name,
            parameters: z.record(z.string(), z.string()),
            data: z.any(),
          });
          result.zodBird = `${(await query(params)).data.length} rows`;
        } catch (error) {
          result.zodBird = `error: ${(error as Error).message}`;
        }
      }
      last = result;
      if (!result.sdk.startsWith("error") && !result.zodBird.startsWith("error")) return result;
      const hint = learn(result.sdk.slice("error: ".length));
      if (!hint || learned[hint[0]] === hint[1]) break;
      learned[hint[0]] = hint[1];
    }
  }
  return last!;
}

const parseNdjson = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);

/** Runs `tests/<pipe>.yaml` the way `tb test run` does: the endpoint's NDJSON for the parameters, row by row. */
async function runTests(tb: LocalServerProcess, folder: string): Promise<ProjectResult["tests"]> {
  const dir = path.join(folder, "tests");
  if (!existsSync(dir)) return [];
  const results: ProjectResult["tests"] = [];
  for (const file of readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()) {
    const pipe = path.basename(file).replace(/\.ya?ml$/, "");
    const cases = (YAML.parse(readFileSync(path.join(dir, file), "utf8")) ?? []) as Array<{
      name: string;
      parameters?: string;
      expected_result?: string;
      expected_http_status?: number;
    }>;
    for (const test of cases) {
      const name = `${pipe} / ${test.name}`;
      const response = await fetch(`${tb.url}/v0/pipes/${pipe}.ndjson?${test.parameters ?? ""}`, {
        headers: { Authorization: `Bearer ${tb.adminToken}` },
      });
      const body = await response.text();
      if (test.expected_http_status !== undefined && test.expected_http_status !== 200) {
        // An error case: the status, and the error message as expected_result.
        const error = response.ok ? undefined : (JSON.parse(body) as { error?: string }).error;
        const ok = response.status === test.expected_http_status && error === test.expected_result?.trim();
        results.push({ name, ok, detail: ok ? "" : `HTTP ${response.status}: ${body.slice(0, 200)}` });
        continue;
      }
      if (!response.ok) {
        results.push({ name, ok: false, detail: `HTTP ${response.status}: ${body.slice(0, 200)}` });
        continue;
      }
      const actual = parseNdjson(body);
      const expected = parseNdjson(test.expected_result ?? "");
      const ok = isDeepStrictEqual(actual, expected);
      const detail = ok
        ? ""
        : `${actual.length} rows, expected ${expected.length}; first: ${JSON.stringify(actual[0])}`;
      results.push({ name, ok, detail });
    }
  }
  return results;
}

/** The repository's name for a project given by its datafile folder (…/openstatus/packages/tinybird → openstatus). */
function projectName(dir: string): string {
  let name = path.resolve(dir);
  while (["tinybird", "packages", "lib", "src"].includes(path.basename(name))) name = path.dirname(name);
  return path.basename(name);
}

async function runProject(dir: string): Promise<ProjectResult> {
  const original = datafileFolder(path.resolve(dir));
  const folder = withoutTtl ? copyWithoutTtl(original) : original;
  try {
    const { project, errors, broken } = readProject(folder, {});
    const datafiles = project.datasources.size + project.pipes.size + broken.size;
    const tb = await spawnLocalServer({ project: folder });
    try {
      const endpoints: EndpointResult[] = [];
      for (const pipe of [...project.pipes.values()].filter((candidate) => candidate.type === "endpoint")) {
        endpoints.push(await callEndpoint(tb, project, pipe));
      }
      const tests = await runTests(tb, folder);
      if (verbose && errors.length > 0)
        console.log(`${dir}:\n${errors.map((error) => `  ${error.message}`).join("\n")}`);
      return { project: projectName(dir), datafiles, broken: broken.size, endpoints, tests };
    } finally {
      await tb.stop();
    }
  } finally {
    if (folder !== original) rmSync(folder, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [
    line(rows[0]!),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}

async function main(): Promise<void> {
  if (dirs.length === 0 || !dirs.every((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())) {
    console.error(
      "Usage: npm run corpus --workspace tinybird-local-chdb -- [--without-ttl] [--verbose] <project dir>…",
    );
    process.exit(2);
  }
  const results: ProjectResult[] = [];
  for (const dir of dirs) {
    const result = await runProject(dir);
    results.push(result);
    for (const endpoint of result.endpoints) {
      const ok = !endpoint.sdk.startsWith("error") && !endpoint.zodBird.startsWith("error");
      if (verbose || !ok) {
        console.log(`${result.project} ${endpoint.pipe} ${JSON.stringify(endpoint.params)}`);
        console.log(`    sdk: ${endpoint.sdk}\n    zod-bird: ${endpoint.zodBird}`);
      }
    }
    for (const test of result.tests) if (!test.ok) console.log(`${result.project} test ${test.name}: ${test.detail}`);
  }
  const rows = [["project", "datafiles (broken)", "endpoints", "answering (sdk + zod-bird)", "tests passing"]];
  for (const result of results) {
    const answering = result.endpoints.filter(
      (endpoint) => !endpoint.sdk.startsWith("error") && !endpoint.zodBird.startsWith("error"),
    ).length;
    const passing = result.tests.filter((test) => test.ok).length;
    rows.push([
      result.project,
      `${result.datafiles} (${result.broken})`,
      String(result.endpoints.length),
      String(answering),
      result.tests.length === 0 ? "no tests" : `${passing}/${result.tests.length}`,
    ]);
  }
  console.log(`\n${table(rows)}${withoutTtl ? "\n(served without ENGINE_TTL)" : ""}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
