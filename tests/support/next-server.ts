// Runs `next start` on one of the test builds (scripts/build-test.ts) with a given environment.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "./free-port";
import { isolatedEnv, TEST_BUILDS, type TestBuildMode } from "./test-builds";

export interface NextServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

// Both test runners run from the repository root (no import.meta: Playwright loads this file as CommonJS).
const root = process.cwd();
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

export async function startNextServer(options: {
  mode: TestBuildMode;
  env?: Record<string, string>;
}): Promise<NextServer> {
  const { distDir, buildEnv } = TEST_BUILDS[options.mode];
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`No ${options.mode} test build in ${distDir}: run \`npx tsx scripts/build-test.ts\` first`);
  }
  const port = await freePort();
  // Never -H 127.0.0.1: Clerk's rewrite then makes Next proxy the request to itself in a loop.
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: root,
    env: isolatedEnv({ ...buildEnv, ...options.env, NEXT_DIST_DIR: distDir }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`next start (${options.mode}) exited with ${child.exitCode}:\n${output}`);
    if (/Ready in/.test(output)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start (${options.mode}) not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
