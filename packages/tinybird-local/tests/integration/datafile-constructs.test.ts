// Datafile forms found in public Tinybird projects (Kafka and S3/Snowflake datasources, Classic pipes, Forward SQL
// fixtures, a broken datafile among good ones), served from tests/projects/constructs.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, sql } from "./tinybird-api";

const PROJECT = fileURLToPath(new URL("../projects/constructs", import.meta.url));

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: PROJECT });
});

afterAll(async () => {
  await tb?.stop();
});

const data = async (path: string, token?: string) => {
  const response = await api(tb, path, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await json<{ data: Array<Record<string, unknown>> }>(response)).data;
};

describe("Kafka datasources", () => {
  it("get the connector's columns with Tinybird's types, usable in keys, TTL and queries", async () => {
    const columns = await sql<{ name: string; type: string; default_expression: string }>(
      tb,
      "SELECT name, type, default_expression FROM system.columns WHERE table = 'kafka_events' ORDER BY position",
    );
    expect(columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      "event String",
      "insertion_date DateTime",
      "__value String",
      "__topic LowCardinality(String)",
      "__partition Int16",
      "__offset Int64",
      "__timestamp DateTime",
      "__key String",
      "__headers Map(String, String)",
    ]);
    expect(await data("/v0/pipes/kafka_latest.json")).toEqual([
      {
        event: "signup",
        __topic: "",
        __partition: 0,
        __offset: 0,
        __key: "",
        __value: '{"event":"signup","insertion_date":"2024-01-01 00:00:00"}',
        __headers: {},
        insertion_date: "2024-01-01 00:00:00",
        arrived_recently: 1,
      },
    ]);
  });

  it("quarantine rows in Tinybird's layout, moving the arrival time aside when the datasource owns insertion_date", async () => {
    const columns = await sql<{ name: string; type: string }>(
      tb,
      "SELECT name, type FROM system.columns WHERE table = 'kafka_events_quarantine' ORDER BY position",
    );
    expect(columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      "c__error_column Array(String)",
      "c__error Array(String)",
      "c__import_id Nullable(String)",
      "event Nullable(String)",
      "insertion_date Nullable(String)",
      "__value Nullable(String)",
      "__topic Nullable(String)",
      "__partition Nullable(String)",
      "__offset Nullable(String)",
      "__timestamp Nullable(String)",
      "__key Nullable(String)",
      "__headers Nullable(String)",
      "__insertion_date DateTime",
    ]);
    expect(
      await sql(
        tb,
        "SELECT c__error_column, insertion_date, __value, __insertion_date > now() - 86400 AS recent FROM kafka_events_quarantine",
      ),
    ).toEqual([
      {
        c__error_column: ["insertion_date"],
        insertion_date: "not a date",
        __value: '{"event":"login","insertion_date":"not a date"}',
        recent: 1,
      },
    ]);
    // Truncate and delete take a quarantine table by its name too, as in Tinybird.
    expect((await api(tb, "/v0/datasources/kafka_events_quarantine/truncate", { method: "POST" })).status).toBe(205);
    expect(await sql(tb, "SELECT count() AS c FROM kafka_events_quarantine")).toEqual([{ c: 0 }]);
  });
});

describe("JSON columns", () => {
  it("take whole rows as objects, and their Dynamic subcolumns can be grouped, sorted and joined on", async () => {
    expect(await data("/v0/pipes/json_kinds.json")).toEqual([{ kind: "open", events: 2, closed: 1 }]);
  });
});

describe("connectors", () => {
  it("are named from their settings or .connection file in the warning that says they're ignored", () => {
    for (const [file, connector] of [
      ["kafka_events", "Kafka"],
      ["s3_orders", "S3"],
      ["snowflake_orders", "Snowflake"],
    ]) {
      expect(tb.output()).toContain(
        `${file}.datasource: ${connector} connector settings are ignored locally; the datasource starts empty.`,
      );
    }
  });
});

describe("Tinybird Classic datafiles", () => {
  it("serve an untyped pipe with a TOKEN as an endpoint on its last node, readable with that token", async () => {
    expect(await data("/v0/pipes/classic_level_counts.json")).toEqual([
      { level: "error", total: 5 },
      { level: "info", total: 5 },
    ]);
    const app = await datafileToken(tb, "app");
    expect(await data("/v0/pipes/classic_level_counts.json?level=info", app)).toEqual([{ level: "info", total: 5 }]);
    expect((await json<{ scopes: unknown[] }>(await api(tb, "/v0/tokens/app"))).scopes).toEqual([
      { type: "DATASOURCES:APPEND", resource: "classic_logs" },
      { type: "DATASOURCES:CREATE", resource: "classic_logs" },
      { type: "PIPES:READ", resource: "classic_level_counts" },
    ]);
  });

  it("create a materialized view's target from the ENGINE lines of its node when no datafile defines it", async () => {
    expect(
      await sql(
        tb,
        "SELECT engine, sorting_key FROM system.tables WHERE database = 'default' AND name = 'classic_levels'",
      ),
    ).toEqual([{ engine: "AggregatingMergeTree", sorting_key: "level" }]);
  });
});

describe("Classic VERSION", () => {
  it("names a resource <name>__v<n> and points the references in node SQL at it, as Classic's CLI does", async () => {
    expect(await data("/v0/pipes/classic_visit_counts__v1.json")).toEqual([
      { page: "/", visits: 2 },
      { page: "/pricing", visits: 1 },
    ]);
    expect((await api(tb, "/v0/pipes/classic_visit_counts.json")).status).toBe(404);
    const sent = await api(tb, "/v0/events?name=classic_visits__v2", {
      method: "POST",
      body: '{"ts":"2024-01-02 00:00:00","page":"/docs"}',
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    expect(await sql(tb, "SELECT count() AS c FROM classic_visits__v2")).toEqual([{ c: 4 }]);
    expect(tb.output()).toContain("Loaded fixtures/classic_visits.ndjson: 3 rows");
    expect(tb.output()).toContain(
      "classic_visits.datasource: VERSION 2: served as classic_visits__v2, as Tinybird Classic names versioned resources",
    );
  });
});

describe("Forward fixtures", () => {
  it("load fixtures/<datasource>.sql through the datasource's jsonpaths, firing its materialized views", async () => {
    expect(await sql(tb, "SELECT level, count() AS c FROM classic_logs GROUP BY level ORDER BY level")).toEqual([
      { level: "error", c: 5 },
      { level: "info", c: 5 },
    ]);
    expect(tb.output()).toContain("Loaded fixtures/classic_logs.sql: 10 rows");
  });
});

describe("a project with broken datafiles", () => {
  it("reports each with its file and line and serves the rest", async () => {
    expect(tb.output()).toMatch(
      /The Tinybird project has 2 errors:\n.*broken_datasource\.datasource: SCHEMA is mandatory\n.*broken_endpoint\.pipe:6: FOO is not a valid option\n/,
    );
    const broken = await api(tb, "/v0/pipes/broken_endpoint.json");
    expect(broken.status).toBe(404);
    expect((await json<{ error: string }>(broken)).error).toMatch(
      /^The pipe 'broken_endpoint' does not exist: its datafile has errors \(.*broken_endpoint\.pipe:6: FOO is not a valid option\)$/,
    );
    const listed = await json<{ datasources: Array<{ name: string }> }>(await api(tb, "/v0/datasources"));
    expect(listed.datasources.map((datasource) => datasource.name).sort()).toEqual([
      "classic_levels",
      "classic_logs",
      "classic_visits__v2",
      "json_events",
      "kafka_events",
      "s3_orders",
      "snowflake_orders",
    ]);
  });
});

describe("deleting rows with a token that isn't the admin's", () => {
  it("takes a condition on the datasource itself and refuses one that reads anything else", async () => {
    const app = await datafileToken(tb, "app");
    const dryRun = (condition: string) =>
      api(tb, `/v0/datasources/classic_logs/delete?dry_run=true&delete_condition=${encodeURIComponent(condition)}`, {
        method: "POST",
        token: app,
      });
    expect(await json(await dryRun("level = 'nope'"))).toEqual({ rows_to_be_deleted: 0 });
    for (const condition of [
      "level IN (SELECT page FROM classic_visits__v2)",
      "level IN (SELECT name FROM system.tables)",
      "file('/etc/passwd') != ''",
      "level IN (SELECT toString(number) FROM numbers(3))",
    ]) {
      const response = await dryRun(condition);
      expect([400, 403], `${condition}: ${response.status}`).toContain(response.status);
      expect(await response.text()).not.toContain("rows_to_be_deleted");
    }
  });
});
