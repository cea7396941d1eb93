import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, json, sql, TEST_PROJECT } from "./tinybird-api";

const running: LocalServerProcess[] = [];
const folders: string[] = [];

function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tinybird-local-project-"));
  cpSync(path.resolve(TEST_PROJECT), dir, { recursive: true });
  folders.push(dir);
  return dir;
}

async function start(project: string, args: string[] = []): Promise<LocalServerProcess> {
  const tb = await spawnLocalServer({ project, args });
  running.push(tb);
  return tb;
}

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, "utf8")));
}

afterEach(async () => {
  for (const tb of running.splice(0)) await tb.stop();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (index: number) =>
  JSON.stringify({ ts: 1712044800 + index, org: "durable", user: { id: `u${index}` }, amount: index });

describe("durability and restarts", () => {
  it("keeps every row acknowledged with wait=true through kill -9, and loads fixtures only once", async () => {
    const tb = await start(TEST_PROJECT);
    let acknowledged = 0;
    for (let batch = 0; batch < 5; batch++) {
      const body = Array.from({ length: 2000 }, (_, index) => event(batch * 2000 + index)).join("\n");
      const response = await api(tb, "/v0/events?name=events&wait=true", { method: "POST", body });
      acknowledged += (await json<{ successful_rows: number }>(response)).successful_rows;
    }
    expect(acknowledged).toBe(10_000);
    await tb.kill9();
    await tb.restart();
    expect(await sql(tb, "SELECT count() AS c FROM events WHERE org = 'durable'")).toEqual([{ c: 10_000 }]);
    expect(await sql(tb, "SELECT count() AS c FROM events WHERE org != 'durable'")).toEqual([{ c: 3 }]);
    expect(await sql(tb, "SELECT sum(events) AS c FROM daily_counts WHERE org = 'durable'")).toEqual([{ c: 10_000 }]);
  });

  it("migrates a datasource whose schema changed between restarts, copying the columns that still exist", async () => {
    const project = projectCopy();
    const tb = await start(project);
    const datasource = path.join(project, "datasources/events.datasource");
    edit(datasource, (text) =>
      text
        .replace("`amount` Int64 `json:$.amount` DEFAULT 0", "`amount` Float64 `json:$.amount` DEFAULT 0")
        .replace("`raw` String `json:$`", "`country` LowCardinality(String) `json:$.country` DEFAULT 'unknown'"),
    );
    await tb.restart();
    expect(tb.output()).toContain("Migrated datasource events to its new definition");
    expect(await sql(tb, "SELECT user_id, amount, country FROM events WHERE org = 'acme' ORDER BY user_id")).toEqual([
      { user_id: "u1", amount: 5, country: "unknown" },
      { user_id: "u2", amount: 7, country: "unknown" },
    ]);
    edit(
      datasource,
      (text) =>
        `${text.replace("`kind` LowCardinality(String) `json:$.kind` DEFAULT 'view'", "`event_kind` LowCardinality(String) `json:$.kind` DEFAULT 'view'")}\nFORWARD_QUERY >\n    SELECT ts, org, user_id, upper(kind), amount, score, tags, country\n`,
    );
    await tb.restart();
    expect(await sql(tb, "SELECT user_id, event_kind FROM events WHERE org = 'acme' ORDER BY user_id")).toEqual([
      { user_id: "u1", event_kind: "CLICK" },
      { user_id: "u2", event_kind: "VIEW" },
    ]);
  });

  it("names a datasource whose rows can't take the new schema, leaves it out and keeps its rows", async () => {
    const project = projectCopy();
    const tb = await start(project);
    const datasource = path.join(project, "datasources/events.datasource");
    const original = readFileSync(datasource, "utf8");
    edit(datasource, (text) => text.replace("`org` LowCardinality(String) `json:$.org`", "`org` UInt32 `json:$.org`"));
    await tb.restart();
    expect(tb.output()).toMatch(
      /events\.datasource: The schema changed and the existing rows can't be copied to the new definition: \[Error\] .*Add a FORWARD_QUERY/,
    );
    const append = await api(tb, "/v0/events?name=events", { method: "POST", body: event(1) });
    expect(append.status).toBe(404);
    expect(await sql(tb, "SELECT count() AS c FROM events")).toEqual([{ c: 3 }]);
    writeFileSync(datasource, original);
    await tb.restart();
    expect(await sql(tb, "SELECT count() AS c FROM events")).toEqual([{ c: 3 }]);
    expect((await api(tb, "/v0/events?name=events&wait=true", { method: "POST", body: event(1) })).status).toBe(200);
  });

  it("reports every malformed datafile with its file and line, and serves the rest", async () => {
    const project = projectCopy();
    writeFileSync(
      path.join(project, "endpoints/broken.pipe"),
      "NODE a\nSQL >\n    SELECT {{ x }}\nTYPE endpoint\nFOO bar\n",
    );
    edit(path.join(project, "datasources/plain_numbers.datasource"), (text) =>
      text.replace("`label` String", "`label` String MATERIALIZED 'x'"),
    );
    const tb = await start(project);
    expect(tb.output()).toMatch(
      /The Tinybird project has 5 errors:\n.*plain_numbers\.datasource:6: MATERIALIZED columns are not supported\n.*broken\.pipe:5: FOO is not a valid option\n.*broken\.pipe:1: Node 'a' uses template syntax.*\n.*broken_copy\.pipe: Target datasource 'plain_numbers' of pipe 'broken_copy' has errors\n.*fill_numbers\.pipe: Target datasource 'plain_numbers' of pipe 'fill_numbers' has errors\nServing the rest of the project \(3 datasources, 7 pipes\)/,
    );
    expect((await api(tb, "/v0/pipes/daily.json?org=acme")).status).toBe(200);
    const broken = await api(tb, "/v0/pipes/broken.json");
    expect(broken.status).toBe(404);
    expect((await json<{ error: string }>(broken)).error).toMatch(
      /^The pipe 'broken' does not exist: its datafile has errors \(.*broken\.pipe:5: FOO is not a valid option; .*broken\.pipe:1: Node 'a' uses template syntax/,
    );
  });

  it("reloads changed datafiles with --watch; a broken one keeps its last good version while the rest reload", async () => {
    const project = projectCopy();
    const tb = await start(project, ["--watch"]);
    const pipe = path.join(project, "endpoints/big_numbers.pipe");
    const original = readFileSync(pipe, "utf8");
    const readN = async () =>
      (await json<{ data: Array<{ n: number }> }>(await api(tb, "/v0/pipes/big_numbers.json"))).data[0]!.n;
    edit(pipe, (text) => text.replace("{{ Int32(n, 1) }}", "{{ Int32(n, 2) }}"));
    await expect.poll(readN, { timeout: 10_000 }).toBe(2);
    writeFileSync(pipe, `${original}\nBROKEN line\n`);
    await expect.poll(() => tb.output(), { timeout: 10_000 }).toContain("BROKEN is not a valid option");
    expect(await readN()).toBe(2);
    // The rest of the project keeps reloading while one datafile is broken.
    writeFileSync(
      path.join(project, "endpoints/added.pipe"),
      "NODE endpoint\nSQL >\n    SELECT 7 AS seven\n\nTYPE endpoint\n",
    );
    await expect.poll(async () => (await api(tb, "/v0/pipes/added.json")).status, { timeout: 10_000 }).toBe(200);
    expect(await readN()).toBe(2);
  });
});
