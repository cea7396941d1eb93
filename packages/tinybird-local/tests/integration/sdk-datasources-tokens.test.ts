// The Data Sources API (append, replace, delete) and token listing, driven through the official @tinybirdco/sdk.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, createTinybirdApi } from "@tinybirdco/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, datafileToken, json, sql, TEST_PROJECT, waitForJob } from "./tinybird-api";

let tb: LocalServerProcess;
let files: string;
let fileServer: Server;
let fileUrl: string;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT });
  files = mkdtempSync(path.join(tmpdir(), "tinybird-local-files-"));
  // A remote file for url= imports.
  fileServer = createServer((_req, res) => res.end("n,label\n100,remote\n101,remote\n"));
  await new Promise<void>((resolve) => fileServer.listen(0, "127.0.0.1", resolve));
  fileUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}/numbers.csv`;
});

afterAll(async () => {
  await tb?.stop();
  fileServer?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const where = path.join(files, name);
  writeFileSync(where, text);
  return where;
};
const admin = () => createClient({ baseUrl: tb.url, token: tb.adminToken });
const rows = async (query: string) => sql(tb, query);

describe("appendDatasource and replace through the SDK", () => {
  it("appends a CSV file, sending the rows ClickHouse refuses to the quarantine", async () => {
    const result = await admin().datasources.append("plain_numbers", {
      file: file("numbers.csv", "n,label\n10,ten\nnot a number,bad\n11,eleven\n"),
    });
    expect(result).toMatchObject({
      import_id: expect.any(String),
      datasource: { name: "plain_numbers" },
      quarantine_rows: 1,
      invalid_lines: 0,
      error: "There was an error with file contents: 1 rows in quarantine.",
    });
    expect(await rows("SELECT n, label FROM plain_numbers WHERE n >= 10 ORDER BY n")).toEqual([
      { n: 10, label: "ten" },
      { n: 11, label: "eleven" },
    ]);
    expect(await rows("SELECT n, label, length(c__error) AS errors FROM plain_numbers_quarantine")).toEqual([
      { n: "not a number", label: "bad", errors: 1 },
    ]);
  });

  it("appends an NDJSON file through the columns' jsonpaths, feeding materialized views", async () => {
    const events = [
      { ts: "2024-06-01 10:00:00", org: "sdk-file", user: { id: "f1" }, amount: 4 },
      { ts: "2024-06-01 11:00:00", org: "sdk-file", user: { id: "f2" }, amount: 6 },
    ];
    const client = createClient({ baseUrl: tb.url, token: await datafileToken(tb, "events_append") });
    const result = await client.datasources.append("events", {
      file: file("events.ndjson", events.map((event) => JSON.stringify(event)).join("\n")),
    });
    expect(result).toMatchObject({ datasource: { name: "events" }, quarantine_rows: 0, error: false });
    expect(await rows("SELECT user_id, amount FROM events WHERE org = 'sdk-file' ORDER BY user_id")).toEqual([
      { user_id: "f1", amount: 4 },
      { user_id: "f2", amount: 6 },
    ]);
    expect(await rows("SELECT sum(events) AS e FROM daily_counts WHERE org = 'sdk-file'")).toEqual([{ e: 2 }]);
  });

  it("imports from a URL with a job, and replaces a datasource's rows", async () => {
    const queued = (await createTinybirdApi({ baseUrl: tb.url, token: tb.adminToken }).appendDatasource(
      "plain_numbers",
      {
        url: fileUrl,
      },
    )) as unknown as { id: string; import_id: string; status: string; job: { kind: string } };
    expect(queued).toMatchObject({ import_id: queued.id, status: "waiting", job: { kind: "import" } });
    expect(await waitForJob(tb, queued.id)).toMatchObject({
      status: "done",
      datasource: { name: "plain_numbers" },
      statistics: { row_count: 2 },
    });
    expect(await rows("SELECT count() AS c FROM plain_numbers WHERE label = 'remote'")).toEqual([{ c: 2 }]);
    await admin().datasources.replace("plain_numbers", { file: file("replace.csv", "7,seven\n8,eight\n") });
    expect(await rows("SELECT n, label FROM plain_numbers ORDER BY n")).toEqual([
      { n: 7, label: "seven" },
      { n: 8, label: "eight" },
    ]);
  });

  it("enforces the token's scopes with Tinybird's messages", async () => {
    const appender = createClient({ baseUrl: tb.url, token: await datafileToken(tb, "events_append") });
    const replace = appender.datasources.replace("events", { file: file("r.ndjson", "{}\n") });
    await expect(replace).rejects.toMatchObject({
      statusCode: 403,
      message:
        "Token does not have DATASOURCES:CREATE scope, replace mode requires the DATASOURCES:CREATE scope because is a destructive action",
    });
    await expect(
      appender.datasources.append("plain_numbers", { file: file("p.csv", "1,one\n") }),
    ).rejects.toMatchObject({
      statusCode: 403,
      message: 'Token does not have DATASOURCES:APPEND scope for Data Source "plain_numbers"',
    });
    await expect(admin().datasources.append("plain_numbers", { file: file("p.ndjson", "{}\n") })).rejects.toMatchObject(
      { statusCode: 400, message: expect.stringMatching(/^Appending NDJSON\/Parquet files to CSV Data Sources/) },
    );
  });
});

describe("deleteDatasource through the SDK", () => {
  it("counts matching rows with dryRun, then deletes them with a job", async () => {
    const client = admin();
    expect(await client.datasources.delete("events", { deleteCondition: "org = 'sdk-file'", dryRun: true })).toEqual({
      rows_to_be_deleted: 2,
    });
    const job = await client.datasources.delete("events", { deleteCondition: "org = 'sdk-file'" });
    expect(job).toMatchObject({ delete_id: job.id, job_id: job.id, status: "waiting" });
    expect(await waitForJob(tb, job.id!)).toMatchObject({
      kind: "delete_data",
      status: "done",
      delete_condition: "org = 'sdk-file'",
      rows_affected: 2,
    });
    expect(await rows("SELECT count() AS c FROM events WHERE org = 'sdk-file'")).toEqual([{ c: 0 }]);
  });

  it("refuses conditions ClickHouse can't parse as one expression, naming the condition", async () => {
    for (const deleteCondition of ["org = ", "1); DROP TABLE events; SELECT (1"]) {
      const failure = admin().datasources.delete("events", { deleteCondition });
      await expect(failure).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining(
          `Failed to apply delete_condition='${deleteCondition.trim()}': [Error] Syntax error`,
        ),
      });
    }
    expect(await rows("SELECT count() > 0 AS kept FROM events")).toEqual([{ kept: 1 }]);
    const missing = admin().datasources.delete("nope", { deleteCondition: "1" });
    await expect(missing).rejects.toMatchObject({
      statusCode: 400,
      message: 'Data Source "nope" does not exist, can not delete a non existing Data Source',
    });
    const reader = createClient({ baseUrl: tb.url, token: await datafileToken(tb, "events_append") });
    await expect(reader.datasources.delete("events", { deleteCondition: "1" })).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});

describe("token listing", () => {
  it("lists the workspace's static tokens and reads one by name, for ADMIN tokens only", async () => {
    const sdk = createTinybirdApi({ baseUrl: tb.url, token: tb.adminToken });
    const { tokens } = await sdk.requestJson<{ tokens: Array<{ name: string; token: string; scopes: unknown[] }> }>(
      "/v0/tokens",
    );
    expect(tokens.find((token) => token.name === "admin token")).toMatchObject({
      token: tb.adminToken,
      scopes: [{ type: "ADMIN" }],
    });
    expect(tokens.find((token) => token.name === "events_append")!.scopes).toEqual([
      { type: "DATASOURCES:APPEND", resource: "events" },
    ]);
    expect(await sdk.requestJson("/v0/tokens/events_read")).toMatchObject({
      name: "events_read",
      scopes: [{ type: "DATASOURCES:READ", resource: "events" }],
    });
    const notFound = await api(tb, "/v0/tokens/nope");
    expect([notFound.status, (await json(notFound)).error]).toEqual([404, "Token not found"]);
    const denied = api(tb, "/v0/tokens", { token: await datafileToken(tb, "events_read") });
    expect((await denied).status).toBe(403);
    expect((await json(await denied)).error).toBe("Token has not enough permissions to get information about Tokens");
  });
});
