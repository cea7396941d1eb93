import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, jwt, sql, TEST_PROJECT, waitForJob } from "./tinybird-api";

let tb: LocalServerProcess;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT });
});

afterAll(async () => {
  await tb?.stop();
});

const count = async (table: string) => (await sql<{ c: number }>(tb, `SELECT count() AS c FROM ${table}`))[0]!.c;

describe("POST /v0/pipes/{name}/copy and GET /v0/jobs/{id}", () => {
  it("queues a copy job rendered with the request's parameters and runs it to done", async () => {
    const before = await count("plain_numbers");
    const response = await api(tb, "/v0/pipes/fill_numbers/copy?rows=25", { method: "POST" });
    expect(response.status).toBe(200);
    const body = await json<{ id: string; kind: string; status: string; job_url: string; job: { id: string } }>(
      response,
    );
    expect(body).toMatchObject({ kind: "copy", status: "waiting", job: { id: body.id } });
    expect(body.job_url).toBe(`${tb.url}/v0/jobs/${body.id}`);
    const job = await waitForJob(tb, body.id);
    expect(job).toMatchObject({ status: "done", pipe_name: "fill_numbers", datasource: { name: "plain_numbers" } });
    expect(await count("plain_numbers")).toBe(before + 25);
  });

  it("feeds materialized views with the rows it copies", async () => {
    const { id } = await json<{ id: string }>(
      await api(tb, "/v0/pipes/copy_events/copy?org=copied&rows=4", { method: "POST" }),
    );
    expect((await waitForJob(tb, id)).status).toBe("done");
    expect((await json(await api(tb, "/v0/pipes/daily.json?org=copied"))).data).toEqual([
      { day: "2024-05-05", events: 4, amount: 6 },
    ]);
  });

  it("replaces the target's rows with _mode=replace", async () => {
    const { id } = await json<{ id: string }>(
      await api(tb, "/v0/pipes/fill_numbers/copy?rows=4&_mode=replace", { method: "POST" }),
    );
    expect((await waitForJob(tb, id)).status).toBe("done");
    expect(await sql(tb, "SELECT n, label FROM plain_numbers ORDER BY n")).toEqual([
      { n: 0, label: "copy-0" },
      { n: 1, label: "copy-1" },
      { n: 2, label: "copy-2" },
      { n: 3, label: "copy-3" },
    ]);
  });

  it("ends a job in error with the reason when the rows don't fit the target", async () => {
    const { id } = await json<{ id: string }>(await api(tb, "/v0/pipes/broken_copy/copy", { method: "POST" }));
    const job = await waitForJob(tb, id);
    expect(job).toMatchObject({
      status: "error",
      error: 'The pipe has columns ["unexpected"] not found in the destination Data Source.',
    });
  });

  it("refuses bad copy requests and unknown jobs", async () => {
    const errorOf = async (response: Response) => [response.status, (await json(response)).error];
    expect(await errorOf(await api(tb, "/v0/pipes/fill_numbers/copy?_mode=upsert", { method: "POST" }))).toEqual([
      400,
      'Invalid mode "upsert", valid modes are append, replace',
    ]);
    expect(await errorOf(await api(tb, "/v0/pipes/org_events/copy", { method: "POST" }))).toEqual([
      403,
      "The pipe 'org_events' should be a copy pipe",
    ]);
    expect(await errorOf(await api(tb, "/v0/pipes/nope/copy", { method: "POST" }))).toEqual([
      404,
      "Pipe 'nope' not found",
    ]);
    expect(
      await errorOf(
        await api(tb, "/v0/pipes/fill_numbers/copy", {
          method: "POST",
          token: await datafileToken(tb, "events_append"),
        }),
      ),
    ).toEqual([403, "token needs scope PIPES:READ"]);
    expect(await errorOf(await api(tb, "/v0/jobs/00000000-0000-0000-0000-000000000000"))).toEqual([
      404,
      'Job with id "00000000-0000-0000-0000-000000000000" not found',
    ]);
    const jobs = await json<{ jobs: Array<{ kind: string }> }>(await api(tb, "/v0/jobs"));
    expect(jobs.jobs.length).toBeGreaterThanOrEqual(3);
  });
});

describe("datasources", () => {
  it("lists datasources with their columns and engine", async () => {
    const { datasources } = await json<{
      datasources: Array<{
        name: string;
        type: string;
        engine: { engine: string };
        columns: Array<{ name: string; jsonpath: string | null }>;
      }>;
    }>(await api(tb, "/v0/datasources"));
    expect(datasources.map((datasource) => [datasource.name, datasource.type, datasource.engine.engine])).toEqual([
      ["daily_counts", "csv", "AggregatingMergeTree"],
      ["events", "ndjson", "MergeTree"],
      ["flat_events", "ndjson", "MergeTree"],
      ["plain_numbers", "csv", "MergeTree"],
    ]);
    expect(datasources[1]!.columns.find((column) => column.name === "user_id")!.jsonpath).toBe("$.user.id");
    const scoped = await json<{ datasources: Array<{ name: string }> }>(
      await api(tb, "/v0/datasources", { token: await datafileToken(tb, "events_append") }),
    );
    expect(scoped.datasources.map((datasource) => datasource.name)).toEqual(["events"]);
  });

  it("truncates a datasource with POST /v0/datasources/{name}/truncate", async () => {
    expect(await count("events")).toBeGreaterThan(0);
    const denied = await api(tb, "/v0/datasources/events/truncate", {
      method: "POST",
      token: await datafileToken(tb, "events_append"),
    });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error).toBe("token needs scope DATASOURCES:CREATE");
    expect((await api(tb, "/v0/datasources/missing/truncate", { method: "POST" })).status).toBe(404);
    const response = await api(tb, "/v0/datasources/events/truncate", { method: "POST" });
    expect(response.status).toBe(205);
    expect(await count("events")).toBe(0);
    // Rollups keep their rows, as in Tinybird.
    expect(await count("daily_counts")).toBeGreaterThan(0);
  });
});

describe("tokens", () => {
  it("serves GET /tokens without auth, as Tinybird Local", async () => {
    const tokens = await json(await api(tb, "/tokens", { token: null }));
    expect(tokens).toEqual({
      workspace_id: tb.workspaceId,
      workspace_name: expect.any(String),
      admin_token: tb.adminToken,
      user_token: expect.stringMatching(/^p\./),
      workspace_admin_token: tb.adminToken,
    });
  });

  it("mints JWTs with POST /v0/tokens that work on the endpoints they scope", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const minted = await api(tb, `/v0/tokens?expiration_time=${exp}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        name: "minted",
        scopes: [{ type: "PIPES:READ", resource: "big_numbers", fixed_params: { n: 7 } }],
      }),
    });
    expect(minted.status).toBe(200);
    const { token } = await json<{ token: string }>(minted);
    expect((await json(await api(tb, "/v0/pipes/big_numbers.json?n=1", { token }))).data).toMatchObject([{ n: 7 }]);
    const past = await api(tb, "/v0/tokens?expiration_time=1", {
      method: "POST",
      body: JSON.stringify({ name: "x", scopes: [] }),
    });
    expect(past.status).toBe(400);
    expect((await json(past)).error).toBe(
      "The specified expiration time: '1' is invalid, must be a future unix epoch timestamp indicating the token expiration time",
    );
    const byJwt = await api(tb, `/v0/tokens?expiration_time=${exp}`, {
      method: "POST",
      token: await jwt(tb, { scopes: [] }),
    });
    expect(byJwt.status).toBe(403);
  });
});
