// `npm run dev` as a developer runs it: both servers come up with demo data, a kill -9 of the local Tinybird server
// is survived (back within 5 s, and the dashboard's data with it), and Ctrl-C leaves no process behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tests/support/free-port";
import { isolatedEnv, writeDistTsconfig } from "@/tests/support/test-builds";

const root = process.cwd();
// Its own build folder, so a developer's `npm run dev` in the same checkout is left alone.
const DIST_DIR = ".next-test/dev";
// Every process the loop starts inherits this variable, whatever becomes of its parent.
const MARKER = `DEV_LOOP_TEST_RUN=${randomUUID()}`;

let dev: ChildProcess;
let output = "";
let appUrl: string;
let tinybirdUrl: string;
let dataDir: string;

function processesOfThisRun(): Array<{ pid: number; command: string }> {
  if (existsSync("/proc/self/environ")) {
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((pid) => {
        try {
          if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(MARKER)) return [];
          return [{ pid: Number(pid), command: readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ") }];
        } catch {
          return []; // exited while we looked, or not ours to read
        }
      });
  }
  // macOS: ps appends each process's environment to its command line with -E.
  const ps = spawnSync("ps", ["-axEww", "-o", "pid=,command="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .filter((line) => line.includes(MARKER))
    .map((line) => ({ pid: Number(line.trim().split(/\s+/, 1)[0]), command: line }));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "localhost");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitUntil(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs} ms. Output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

async function tokensAnswer(): Promise<boolean> {
  try {
    return (await fetch(`${tinybirdUrl}/tokens`)).ok;
  } catch {
    return false;
  }
}

/** Signs Ada in, loads the dashboard and reads acme's KPIs with the token the middleware minted. */
async function dashboardRequests(): Promise<number> {
  const signIn = await fetch(`${appUrl}/api/local-auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: "user_local_ada" }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const page = await fetch(`${appUrl}/dashboard`, { headers: { cookie }, redirect: "manual" });
  expect(page.status).toBe(200);
  const token = page.headers.get("x-tinybird-token");
  expect(token).toBeTruthy();
  const kpis = await fetch(`${tinybirdUrl}/v0/pipes/usage_kpis.json`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(kpis.status).toBe(200);
  const body = (await kpis.json()) as { data: Array<{ requests: number }> };
  return body.data[0]!.requests;
}

beforeAll(async () => {
  const [appPort, tinybirdPort] = [await freePort(), await freePort()];
  appUrl = `http://localhost:${appPort}`;
  tinybirdUrl = `http://localhost:${tinybirdPort}`;
  dataDir = mkdtempSync(path.join(tmpdir(), "dev-loop-test-"));
  writeDistTsconfig(root, DIST_DIR);
  const [name, value] = MARKER.split("=") as [string, string];
  dev = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/dev.ts",
      ...["--port", String(appPort), "--tinybird-port", String(tinybirdPort)],
      ...["--tinybird-data", dataDir, "--demo-rows", "20000"],
    ],
    // Its own process group, like a shell job: Ctrl-C signals the whole group.
    { cwd: root, env: { ...isolatedEnv({ NEXT_DIST_DIR: DIST_DIR }), [name]: value }, detached: true },
  );
  dev.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil("npm run dev was not ready", 170_000, () => output.includes("[dev] Ready:"));
}, 180_000);

afterAll(() => {
  for (const { pid } of processesOfThisRun()) process.kill(pid, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("serves the dashboard over the local server with demo data, and prints the app's URL last", async () => {
    expect(await dashboardRequests()).toBeGreaterThan(0);
    const lines = output.trim().split("\n");
    expect(lines.filter((line) => line.includes(appUrl))).toEqual([expect.stringContaining("[dev] Ready:")]);
  }, 60_000);

  it("survives kill -9 of the local Tinybird server: restarted within 5 s and the dashboard reads again", async () => {
    const server = processesOfThisRun().find(({ command }) => command.includes("tinybird-local-chdb.cjs"));
    expect(server, output).toBeDefined();
    process.kill(server!.pid, "SIGKILL");
    await waitUntil("the server did not go down", 5_000, async () => !(await tokensAnswer()));
    const downFor = await waitUntil("the server was not restarted", 5_000, tokensAnswer);
    console.log(`[dev-loop] local Tinybird server back ${downFor} ms after kill -9`);
    expect(output).toMatch(/The local Tinybird server stopped \(SIGKILL\); restarting it/);
    expect(await dashboardRequests()).toBeGreaterThan(0);
  }, 60_000);

  it("leaves no process and no listening port behind after Ctrl-C", async () => {
    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    process.kill(-dev.pid!, "SIGINT");
    expect(await exited).toBe(0);
    await waitUntil("processes were left behind", 5_000, () => processesOfThisRun().length === 0);
    expect(await listening(Number(new URL(appUrl).port))).toBe(false);
    expect(await listening(Number(new URL(tinybirdUrl).port))).toBe(false);
  }, 30_000);
});
