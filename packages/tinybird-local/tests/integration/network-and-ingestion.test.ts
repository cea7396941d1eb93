// What reaches the server from outside: it listens on loopback unless told otherwise, GET /tokens serves no web
// page, the log never carries a token, and the Events API holds only a few bounded bodies at once.
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_RUNNING, EVENTS_WAITING } from "../../src/limits";
import { spawnLocalServer, type LocalServerProcess } from "../../src/spawn-local-server";
import { api, jwt, TEST_PROJECT } from "./tinybird-api";

let tb: LocalServerProcess;

const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && !address.internal && address.family === "IPv4")
    .map((address) => address!.address);

/** Resident memory of a process, in MB. */
function rssMb(pid: number): number {
  return (
    Number(
      execFileSync("ps", ["-o", "rss=", "-p", String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}

function raw(url: string, options: { method?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, options, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject).end();
  });
}

beforeAll(async () => {
  tb = await spawnLocalServer({ project: TEST_PROJECT, args: ["--no-fixtures"] });
});

afterAll(async () => {
  await tb?.stop();
});

describe("the network", () => {
  it("listens on 127.0.0.1 by default: other interfaces are refused", async () => {
    expect(tb.output()).toMatch(/listening on http:\/\/localhost:\d+ \(127\.0\.0\.1,/);
    const port = new URL(tb.url).port;
    for (const address of externalAddresses()) {
      await expect(fetch(`http://${address}:${port}/tokens`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  });

  it("listens where --host says, with a warning, and still hands /tokens only to localhost", async () => {
    const open = await spawnLocalServer({ project: TEST_PROJECT, args: ["--no-fixtures", "--host", "0.0.0.0"] });
    try {
      expect(open.output()).toMatch(/Warning: listening on 0\.0\.0\.0, reachable from other machines/);
      const port = new URL(open.url).port;
      for (const address of externalAddresses()) {
        const tokens = await raw(`http://${address}:${port}/tokens`, {});
        expect(tokens.status).toBe(403);
        expect(tokens.body).not.toContain(open.adminToken);
        expect((await fetch(`http://${address}:${port}/v0/pipes`)).status).toBe(403);
      }
    } finally {
      await open.stop();
    }
  });

  it("sends no CORS headers with GET /tokens, and answers it only for localhost names", async () => {
    const origin = { Origin: "http://evil.example" };
    for (const method of ["GET", "OPTIONS"]) {
      const response = await fetch(`${tb.url}/tokens`, { method, headers: origin });
      expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
    expect((await fetch(`${tb.url}/v0/pipes`, { headers: origin })).headers.get("access-control-allow-origin")).toBe(
      "*",
    );
    const port = new URL(tb.url).port;
    for (const host of ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example"]) {
      const rebound = await raw(`${tb.url}/tokens`, { headers: { Host: `${host}:${port}` } });
      expect(rebound.status, host).toBe(403);
      expect(rebound.body).not.toContain(tb.adminToken);
    }
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      expect((await raw(`${tb.url}/tokens`, { headers: { Host: `${host}:${port}` } })).status, host).toBe(200);
    }
  });

  it("logs no token: look-alike parameter names are dropped, token-shaped values masked", async () => {
    const token = await jwt(tb, { scopes: [{ type: "PIPES:READ", resource: "org_events" }] });
    const names = ["token", "TOKEN", "tok%65n", "token%00", "%2574oken", "t%C2%ADoken"];
    const query = [...names.map((name) => `${name}=${encodeURIComponent(tb.adminToken)}`), `x=${token}`, "org=acme"];
    await api(tb, `/v0/pipes/org_events.json?${query.join("&")}`, { token });
    await api(tb, `/v0/pipes/${token}.json`, { token: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = tb.output();
    expect(log).toContain("org=acme");
    expect(log).toContain("x=[redacted]");
    expect(log).not.toContain(tb.adminToken);
    expect(log).not.toContain(encodeURIComponent(tb.adminToken));
    expect(log).not.toContain(token.split(".")[0]!.slice(0, 12));
    expect(log).not.toContain(token);
  });
});

describe("the Events API", () => {
  it("refuses a body that decompresses past 10 MB with 413", async () => {
    const bomb = gzipSync(Buffer.alloc(11 * 1024 * 1024, 0x20));
    const response = await api(tb, "/v0/events?name=events", {
      method: "POST",
      body: bomb,
      headers: { "Content-Encoding": "gzip" },
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe("Request body too large: the limit is 10 MB\n");
    const row = JSON.stringify({ ts: "2024-03-01 00:00:00", org: "acme", user: { id: "u9" } });
    const small = await api(tb, "/v0/events?name=events&wait=true", { method: "POST", body: gzipSync(row) });
    expect(await small.json()).toEqual({ successful_rows: 1, quarantined_rows: 0 });
  });

  it("holds a few bodies at once and answers 429 when too many wait", async () => {
    const port = Number(new URL(tb.url).port);
    // Uploads that never finish hold their turn, as a slow client would.
    const stalled = Array.from({ length: EVENTS_RUNNING + EVENTS_WAITING }, () => {
      const req = request({
        host: "127.0.0.1",
        port,
        path: "/v0/events?name=events",
        method: "POST",
        headers: { Authorization: `Bearer ${tb.adminToken}`, "Content-Length": "1000000" },
      });
      req.on("error", () => undefined);
      req.write("{");
      return req;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = await api(tb, "/v0/events?name=events", { method: "POST", body: "{}" });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toBe("Too many requests\n");
    for (const req of stalled) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const row = JSON.stringify({ ts: "2024-03-01 00:00:00", org: "acme", user: { id: "u10" } });
    const after = await api(tb, "/v0/events?name=events&wait=true", { method: "POST", body: row });
    expect(await after.json()).toEqual({ successful_rows: 1, quarantined_rows: 0 });
  });

  it("keeps memory bounded under concurrent gzip bombs and gives it back after", async () => {
    const pid = tb.pid()!;
    // ~400 KB of gzip that would decompress to 400 MB.
    const bomb = gzipSync(Buffer.alloc(400 * 1024 * 1024, 0x20), { level: 9 });
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        api(tb, "/v0/events?name=events", { method: "POST", body: bomb, headers: { "Content-Encoding": "gzip" } }),
      ),
    );
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = rssMb(pid);
    console.log(
      `[events] 8 concurrent gzip bombs of ${(bomb.length / 1024).toFixed(0)} KB (400 MB decompressed): ` +
        `RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB peak, ${after.toFixed(0)} MB after`,
    );
    expect(answers.map((response) => response.status)).toEqual(Array(8).fill(413));
    expect(peak - before).toBeLessThan(400);
    expect(after - before).toBeLessThan(200);
  });
});
