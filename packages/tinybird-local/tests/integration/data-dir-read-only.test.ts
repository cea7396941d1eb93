// The local Tinybird server on a data folder it can't write: it must refuse to start, name the folder and say
// why, in a line or two rather than a stack trace. Root writes anywhere, so as root the server runs without the
// capabilities that bypass file permissions (it stays root, so it can still read a checkout in a private folder).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { spawnLocalServer } from "../../src/spawn-local-server";
import { TEST_PROJECT } from "./tinybird-api";

const BIN = fileURLToPath(new URL("../../bin/tinybird-local-chdb.cjs", import.meta.url));
const asRoot = process.getuid?.() === 0;
const root = mkdtempSync(path.join(tmpdir(), "tinybird-local-read-only-"));
chmodSync(root, 0o755);

afterAll(() => {
  spawnSync("chmod", ["-R", "u+w", root]);
  rmSync(root, { recursive: true, force: true });
});

/** Makes `dir` and everything in it read-only for the user the server runs as. */
function makeReadOnly(dir: string): void {
  const walk = (entry: string) => {
    const directory = statSync(entry).isDirectory();
    if (directory) for (const child of readdirSync(entry)) walk(path.join(entry, child));
    chmodSync(entry, directory ? 0o555 : 0o444);
  };
  walk(dir);
}

/** Runs the server on `dataDir` until it exits; fails if it starts listening instead. */
function startOn(dataDir: string): Promise<{ code: number | null; output: string }> {
  const server = [BIN, "--port", "0", "--no-fixtures", "--project", TEST_PROJECT, "--data", dataDir];
  const [command, args] = asRoot
    ? ["setpriv", ["--bounding-set=-dac_override,-dac_read_search", "--", process.execPath, ...server]]
    : [process.execPath, server];
  const child = spawn(command as string, args as string[], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", () => {
      if (/listening on/.test(output)) {
        child.kill("SIGKILL");
        reject(new Error(`started on a read-only data folder:\n${output}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectClearRefusal(result: { code: number | null; output: string }, folder: string): void {
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain(folder);
  expect(result.output).toMatch(/permission denied|read-only|not writable/i);
  // One or two lines, no stack trace.
  expect(result.output).not.toMatch(/^\s+at /m);
  expect(result.output.trim().split("\n").length).toBeLessThanOrEqual(3);
}

describe("a read-only data folder", () => {
  it("refuses to create a data folder inside a read-only one, naming it", async () => {
    const parent = path.join(root, "read-only-parent");
    mkdirSync(parent);
    makeReadOnly(parent);
    expectClearRefusal(await startOn(path.join(parent, "data")), parent);
  });

  it("refuses an empty read-only data folder, naming it", async () => {
    const folder = path.join(root, "empty");
    mkdirSync(folder);
    makeReadOnly(folder);
    expectClearRefusal(await startOn(folder), folder);
  });

  it("refuses a data folder that held a workspace and became read-only, naming it", async () => {
    const folder = path.join(root, "used");
    const tb = await spawnLocalServer({ project: TEST_PROJECT, dataDir: folder, args: ["--no-fixtures"] });
    await tb.stop();
    makeReadOnly(folder);
    expectClearRefusal(await startOn(folder), folder);
  });

  it("refuses when only chDB's own folder is read-only, naming it", async () => {
    const folder = path.join(root, "chdb-read-only");
    const tb = await spawnLocalServer({ project: TEST_PROJECT, dataDir: folder, args: ["--no-fixtures"] });
    await tb.stop();
    makeReadOnly(path.join(folder, "chdb"));
    expectClearRefusal(await startOn(folder), path.join(folder, "chdb"));
  });
});
