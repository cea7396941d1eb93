import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { CHROMIUM_ARGS, chromiumExecutable } from "./chromium";
import { datafileToken, jwt, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;
let page: Server;
let pageUrl: string;
let browser: Browser;

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT });
  // A page on another origin, so the browser applies CORS (with a preflight for the Authorization header).
  page = createServer((_, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end("<!doctype html><title>dashboard</title>");
  });
  await new Promise<void>((resolve) => page.listen(0, "localhost", resolve));
  pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
  await tb?.stop();
});

describe("plain fetch from a browser page on another origin", () => {
  it("reads an endpoint with a Bearer JWT and sends events, through CORS preflights", async () => {
    const token = await jwt(tb, {
      scopes: [{ type: "PIPES:READ", resource: "org_events", fixed_params: { org: "acme" } }],
    });
    const appendToken = await datafileToken(tb, "events_append");
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const result = await tab.evaluate(
      async ({ api, token, appendToken }) => {
        const endpoint = await fetch(`${api}/v0/pipes/org_events.json?org=globex`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await endpoint.json()) as { data: Array<{ org: string }> };
        const events = await fetch(`${api}/v0/events?name=events&wait=true`, {
          method: "POST",
          headers: { Authorization: `Bearer ${appendToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({ ts: "2024-06-01 00:00:00", org: "browser", user: { id: "b1" } }),
        });
        const denied = await fetch(`${api}/v0/pipes/daily.json`, { headers: { Authorization: `Bearer ${token}` } });
        return {
          status: endpoint.status,
          orgs: body.data.map((row) => row.org),
          warning: endpoint.headers.get("X-Tb-Warning"),
          events: await events.json(),
          denied: [denied.status, ((await denied.json()) as { error: string }).error],
        };
      },
      { api: tb.url, token, appendToken },
    );
    expect(result).toEqual({
      status: 200,
      orgs: ["acme", "acme"],
      warning: "[]",
      events: { successful_rows: 1, quarantined_rows: 0 },
      denied: [403, "The token you have provided doesn't have access to this resource"],
    });
    await tab.close();
  });
});
