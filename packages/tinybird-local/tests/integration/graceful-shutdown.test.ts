// SIGTERM stops the server the way a process manager expects: no new connections, requests in flight answered in
// full, the log flushed, exit code 0.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_PROJECT } from "./tinybird-api";

const BIN = fileURLToPath(new URL("../../bin/tinybird-local-chdb.cjs", import.meta.url));
const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function launch() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tinybird-local-shutdown-"));
  folders.push(dataDir);
  const child = spawn(process.execPath, [BIN, "--port", "0", "--project", TEST_PROJECT, "--data", dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await expect.poll(() => output, { timeout: 60_000 }).toMatch(/listening on http:\/\/localhost:\d+/);
  const url = /listening on (http:\/\/localhost:\d+)/.exec(output)![1]!;
  const { admin_token: token } = (await (await fetch(`${url}/tokens`)).json()) as { admin_token: string };
  return { child, exited, url, token, output: () => output };
}

describe("SIGTERM", () => {
  it("finishes the request in flight, refuses new connections, flushes the log and exits 0", async () => {
    const server = await launch();
    const slow = fetch(
      `${server.url}/v0/sql?q=${encodeURIComponent("SELECT sleep(1) AS s, 42 AS answer FORMAT JSON")}`,
      {
        headers: { Authorization: `Bearer ${server.token}` },
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${server.url}/tokens`)).rejects.toThrow();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toEqual([{ s: 0, answer: 42 }]);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/GET \/v0\/sql\?q=SELECT.* 200 \d+\.\dms\n/);
  });
});
