// Starts the server as its own process, as test harnesses use it: one chDB per process (chDB allows one data path per
// process), a fresh data folder unless one is given, the workspace read from GET /tokens.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface LocalServerProcess {
  url: string;
  adminToken: string;
  workspaceId: string;
  dataDir: string;
  /** SIGTERM, then removes the data folder when the helper created it. */
  stop(): Promise<void>;
  /** SIGKILL, keeping the data folder (to test what survives a crash). */
  kill9(): Promise<void>;
  /** Starts again on the same data folder; `url` changes to the new port. */
  restart(): Promise<void>;
  /** Everything the server printed so far. */
  output(): string;
  /** The server process's id while it runs (to watch its memory, say). */
  pid(): number | undefined;
}

export interface SpawnLocalServerOptions {
  /** The Tinybird project folder (absolute, or relative to the current directory). */
  project: string;
  /** Data folder to use; default a fresh temporary folder removed by stop(). */
  dataDir?: string;
  env?: Record<string, string>;
  /** Extra CLI flags, e.g. ["--no-fixtures"]. */
  args?: string[];
}

const BIN = fileURLToPath(new URL("../bin/tinybird-local-chdb.cjs", import.meta.url));
const LISTENING = /Tinybird Local listening on (http:\/\/[^\s]+:\d+)/;
const START_TIMEOUT_MS = 60_000;

async function launch(
  project: string,
  dataDir: string,
  env: Record<string, string>,
  args: string[],
  log: { text: string },
) {
  const child = spawn(
    process.execPath,
    // --exit-with-parent: a test runner killed mid-run must not leave servers behind.
    [BIN, "--port", "0", "--project", project, "--data", dataDir, "--exit-with-parent", ...args],
    // The thread pool sized here, so the CLI starts at once instead of starting itself again with it.
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Only this launch's output counts: after a restart the log still holds the previous listening line.
  const from = log.text.length;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Tinybird Local did not start within ${START_TIMEOUT_MS / 1000} s:\n${log.text}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log.text += chunk.toString();
      const match = LISTENING.exec(log.text.slice(from));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Tinybird Local exited with code ${code} before listening:\n${log.text}`));
    });
  });
  try {
    const response = await fetch(`${url}/tokens`);
    const tokens = (await response.json()) as { admin_token: string; workspace_id: string };
    return { child, exited, url, adminToken: tokens.admin_token, workspaceId: tokens.workspace_id };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/** Starts `tinybird-local-chdb` on a free port and resolves once it answers, with its URL and workspace tokens. */
export async function spawnLocalServer(options: SpawnLocalServerOptions): Promise<LocalServerProcess> {
  const project = path.resolve(options.project);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "tinybird-local-test-"));
  const env = options.env ?? {};
  const args = options.args ?? [];
  const log = { text: "" };
  let running: { child: ChildProcess; exited: Promise<void> } | undefined;

  const start = async () => {
    const started = await launch(project, dataDir, env, args, log);
    running = started;
    Object.assign(server, { url: started.url, adminToken: started.adminToken, workspaceId: started.workspaceId });
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (!running) return;
    const { child, exited } = running;
    running = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  const server: LocalServerProcess = {
    url: "",
    adminToken: "",
    workspaceId: "",
    dataDir,
    stop: async () => {
      await halt("SIGTERM");
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill9: () => halt("SIGKILL"),
    restart: async () => {
      await halt("SIGTERM");
      await start();
    },
    output: () => log.text,
    pid: () => running?.child.pid,
  };
  try {
    await start();
  } catch (error) {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
