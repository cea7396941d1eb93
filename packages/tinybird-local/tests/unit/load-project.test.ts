import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../src/project/datafile-error";
import { loadProject, readProject } from "../../src/project/load-project";
import { parseDatasource } from "../../src/project/parse-datasource";
import { parsePipe } from "../../src/project/parse-pipe";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tb-project-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const EVENTS = `DESCRIPTION >
    Raw events.
TOKEN "ingest" APPEND
SCHEMA >
    \`ts\` DateTime \`json:$.ts\`,
    \`org\` String \`json:$.org\`,
    \`v\` Int32 \`json:$.v\` DEFAULT 0
ENGINE "ReplacingMergeTree"
ENGINE_VER v
ENGINE_PARTITION_KEY "toYYYYMM(ts)"
ENGINE_SORTING_KEY org, ts
ENGINE_TTL "ts + toIntervalDay($RETENTION_DAYS)"
KAFKA_TOPIC events
`;

describe("parseDatasource", () => {
  it("reads schema, engine keys with $ENV substituted, tokens, and notes ignored connectors", () => {
    const { datasource, errors, warnings } = parseDatasource("events.datasource", EVENTS, { RETENTION_DAYS: "30" });
    expect(errors).toEqual([]);
    expect(datasource).toMatchObject({
      name: "events",
      description: "Raw events.",
      tokens: [{ name: "ingest", permission: "APPEND" }],
      engine: {
        type: "ReplacingMergeTree",
        args: { ver: "v", partition_key: "toYYYYMM(ts)", sorting_key: "org, ts", ttl: "ts + toIntervalDay(30)" },
      },
      connector: "Kafka",
    });
    // Tinybird's Kafka connector adds its columns after the SCHEMA's (__headers only with KAFKA_STORE_HEADERS).
    expect(datasource.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      "ts DateTime",
      "org String",
      "v Int32",
      "__value String",
      "__topic LowCardinality(String)",
      "__partition Int16",
      "__offset Int64",
      "__timestamp DateTime",
      "__key String",
    ]);
    expect(warnings).toEqual([
      "events.datasource: Kafka connector settings are ignored locally; the datasource starts empty.",
    ]);
  });

  it("places schema errors on the file's line and requires a SCHEMA", () => {
    const bad = parseDatasource("bad.datasource", "SCHEMA >\n    a Int32,\n    b#c String\nENGINE Foo\n", {});
    expect(bad.errors.map((error) => error.message)).toEqual([
      'bad.datasource:3: Column name contains invalid character "#". Hint: use backticks',
      expect.stringMatching(/^bad\.datasource:4: Invalid engine "Foo"/),
    ]);
    expect(parseDatasource("empty.datasource", "ENGINE MergeTree\n", {}).errors[0]!.message).toBe(
      "empty.datasource: SCHEMA is mandatory",
    );
  });

  it("refuses nullable sorting key columns, as Tinybird Forward does", () => {
    const { errors } = parseDatasource("n.datasource", "SCHEMA >\n    a Nullable(String)\nENGINE_SORTING_KEY a\n", {});
    expect(errors[0]!.message).toContain("Sorting key contains nullable column 'a'");
  });
});

describe("parsePipe", () => {
  it("reads nodes, the typed node and its settings", () => {
    const { pipe, errors } = parsePipe(
      "copy_it.pipe",
      "DESCRIPTION >\n    Copies.\nNODE pick\nSQL >\n    SELECT 1 AS x\nNODE out\nSQL >\n    %\n    SELECT * FROM pick WHERE x = {{ Int32(x, 1) }}\nTYPE COPY\nTARGET_DATASOURCE events\nCOPY_MODE replace\nCOPY_SCHEDULE @on-demand\n",
      {},
    );
    expect(errors).toEqual([]);
    expect(pipe).toMatchObject({
      name: "copy_it",
      description: "Copies.",
      type: "copy",
      outputNode: "out",
      copy: { target: "events", mode: "replace", schedule: "@on-demand" },
    });
    expect(pipe.nodes.map((node) => [node.name, node.sql])).toEqual([
      ["pick", "SELECT 1 AS x"],
      ["out", "%\n    SELECT * FROM pick WHERE x = {{ Int32(x, 1) }}"],
    ]);
  });

  it("lists every problem of a pipe with its line", () => {
    const { errors } = parsePipe(
      "p.pipe",
      "TYPE endpoint\nNODE a\nSQL >\n    SELECT {{ x }}\nTYPE endpoint\nNODE b\nSQL >\n    SELECT 2\nTYPE materialized\nTOKEN t APPEND\n",
      {},
    );
    expect(errors.map((error) => error.message)).toEqual([
      "p.pipe:1: TYPE must be called after a NODE command",
      "p.pipe:10: Invalid permission APPEND for token t. Only READ is allowed here",
      expect.stringMatching(/^p\.pipe:2: Node 'a' uses template syntax .* doesn't start with %/),
      "p.pipe:6: Multiple non-standard nodes in pipe. There can only be one",
    ]);
  });
});

describe("loadProject", () => {
  it("loads datasources and pipes from any folder, skipping fixtures and tests", () => {
    const dir = project({
      "datasources/events.datasource": EVENTS,
      "endpoints/top.pipe": "NODE endpoint\nSQL >\n    SELECT org, count() FROM events GROUP BY org\nTYPE endpoint\n",
      "fixtures/not_a_datafile.pipe": "garbage",
      "tests/top.yaml": "- name: x",
    });
    const loaded = loadProject(dir, { RETENTION_DAYS: "7" });
    expect([...loaded.datasources.keys()]).toEqual(["events"]);
    expect([...loaded.pipes.keys()]).toEqual(["top"]);
    expect(loaded.pipes.get("top")!.type).toBe("endpoint");
  });

  it("renders tb_secret() in datasources from the environment, naming the file when a secret is missing", () => {
    const ok = project({ "k.datasource": "SCHEMA >\n    a String\nENGINE_TTL \"{{ tb_secret('TTL', 'a + 1') }}\"\n" });
    expect(loadProject(ok, {}).datasources.get("k")!.engine.args.ttl).toBe("a + 1");
    expect(loadProject(ok, { TTL: "a + 2" }).datasources.get("k")!.engine.args.ttl).toBe("a + 2");
    const missing = project({ "k.datasource": "SCHEMA >\n    a String\nKAFKA_TOPIC {{ tb_secret('TOPIC') }}\n" });
    expect(() => loadProject(missing, {})).toThrow(
      /k\.datasource: Template Syntax Error: Cannot access secret 'TOPIC'/,
    );
  });

  it("refuses to load with every error of every file at once", () => {
    const dir = project({
      "a.datasource": "SCHEMA >\n    x Int32 TTL now()\n",
      "b.pipe": "NODE n\nSQL >\n    SELECT 1\nTYPE materialized\nDATASOURCE missing\n",
      "c.pipe": "NODE a\nWHAT now\n",
      "nested/a.pipe": "NODE endpoint\nSQL >\n    SELECT 1\n",
    });
    let error: unknown;
    try {
      loadProject(dir, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProjectError);
    const messages = (error as ProjectError).errors.map((problem) => problem.message.replaceAll(`${dir}/`, ""));
    expect(messages).toEqual([
      "a.datasource:2: column TTL is not supported",
      "c.pipe:2: WHAT is not a valid option",
      "c.pipe:1: Node 'a' has no SQL",
      'nested/a.pipe: "a" is already defined in a.datasource; pipe and datasource names are unique',
      "b.pipe: Target datasource 'missing' of pipe 'b' not found",
      "c.pipe:1: Node 'a' has the same name as a datasource; rename the node",
    ]);
    expect((error as ProjectError).message).toMatch(/^The Tinybird project has 6 errors:\n {2}.*a\.datasource:2/);
  });

  it("keeps the valid resources of a project with broken datafiles, listing each problem under its resource", () => {
    const dir = project({
      "good.datasource": "SCHEMA >\n    a Int32\n",
      "bad.datasource": "ENGINE MergeTree\n",
      "ok.pipe": "NODE endpoint\nSQL >\n    SELECT a FROM good\nTYPE endpoint\n",
      "mv.pipe": "NODE n\nSQL >\n    SELECT 1 AS a\nTYPE materialized\nDATASOURCE bad\n",
    });
    const { project: read, broken } = readProject(dir, {});
    expect([...read.datasources.keys()]).toEqual(["good"]);
    expect([...read.pipes.keys()]).toEqual(["ok"]);
    expect(
      Object.fromEntries([...broken].map(([name, errors]) => [name, errors.map((error) => error.detail)])),
    ).toEqual({ bad: ["SCHEMA is mandatory"], mv: ["Target datasource 'bad' of pipe 'mv' has errors"] });
  });
});

describe("Tinybird Classic datafiles", () => {
  it("serve untyped pipes as endpoints on their last node in a Classic project; in Forward they stay plain pipes", () => {
    const untyped = "NODE first\nSQL >\n    SELECT 1 AS x\nNODE last\nSQL >\n    SELECT x FROM first\n";
    const classic = readProject(
      project({ "a.pipe": `TOKEN reader READ\n${untyped}`, "b.pipe": `VERSION 1\n${untyped}` }),
      {},
    );
    expect([...classic.project.pipes.values()].map((pipe) => [pipe.name, pipe.type, pipe.outputNode])).toEqual([
      ["a", "endpoint", "last"],
      ["b__v1", "endpoint", "last"],
    ]);
    expect(classic.project.warnings).toContainEqual(
      expect.stringMatching(
        /\/a\.pipe: no TYPE line; served as an endpoint on its last node 'last', as Tinybird Classic/,
      ),
    );
    const forward = readProject(project({ "c.pipe": untyped, "d.pipe": `${untyped}TYPE endpoint\n` }), {});
    expect(forward.project.pipes.get("c")!.type).toBe("default");
  });

  it("name a VERSION n resource <name>__v<n> and rewrite the references to it in node SQL as Classic's CLI does", () => {
    const schema = "SCHEMA >\n    `x` Int32\n";
    const reading = readProject(
      project({
        "events.datasource": `VERSION 2\n${schema}`,
        "events_other.datasource": schema,
        "totals.pipe":
          "VERSION 1\nNODE n\nSQL >\n    SELECT x FROM events JOIN events_other USING x WHERE 'events' != ''\n",
        "mv.pipe": "NODE n\nSQL >\n    SELECT x FROM events\nTYPE materialized\nDATASOURCE events\n",
        "bad.pipe": "VERSION one\nNODE n\nSQL >\n    SELECT 1\n",
      }),
      {},
    );
    expect([...reading.project.datasources.keys()]).toEqual(["events__v2", "events_other"]);
    expect(reading.project.pipes.get("totals__v1")!.nodes[0]!.sql).toBe(
      "SELECT x FROM events__v2 JOIN events_other USING x WHERE 'events__v2' != ''",
    );
    expect(reading.project.pipes.get("mv")).toMatchObject({ materializedTarget: "events__v2" });
    expect(reading.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/bad\.pipe:1: VERSION must be a whole number, not 'one'$/),
    ]);
  });

  it("accept TOKEN … CREATE on datasources and a target ENGINE on materialized nodes, which need a DATASOURCE", () => {
    expect(
      parseDatasource("logs.datasource", "TOKEN app CREATE\nSCHEMA >\n    a Int32\n", {}).datasource.tokens,
    ).toEqual([{ name: "app", permission: "CREATE" }]);
    const mv = parsePipe(
      "mv.pipe",
      'NODE n\nSQL >\n    SELECT 1 AS a\nTYPE materialized\nDATASOURCE t\nENGINE "SummingMergeTree"\nENGINE_SORTING_KEY "a"\n',
      {},
    );
    expect(mv.errors).toEqual([]);
    expect(mv.pipe.targetEngine).toEqual({ type: "SummingMergeTree", args: { sorting_key: "a" } });
    const orphan = parsePipe("o.pipe", 'NODE n\nSQL >\n    SELECT 1 AS a\nENGINE "MergeTree"\n', {});
    expect(orphan.errors.map((error) => error.message)).toEqual([
      "o.pipe:1: Defining ENGINE options in a node requires a DATASOURCE",
    ]);
  });
});
