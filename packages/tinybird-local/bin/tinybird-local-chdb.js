#!/usr/bin/env node
// The package ships TypeScript: tsx compiles it on the fly, so the CLI runs on plain Node.js 20.
import { spawn } from "node:child_process";
import { register } from "tsx/esm/api";

register();
const { THREADPOOL_SIZE } = await import("../src/limits.ts");

if (process.env.UV_THREADPOOL_SIZE === undefined) {
  // chDB runs queries on libuv's thread pool (4 threads unless set before Node starts), which would cap how many
  // connections really run at once below the per-tenant shares: start again with a pool sized for them.
  const args = process.argv.slice(2);
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1],
      ...args,
      ...(args.includes("--exit-with-parent") ? [] : ["--exit-with-parent"]),
    ],
    { stdio: "inherit", env: { ...process.env, UV_THREADPOOL_SIZE: String(THREADPOOL_SIZE) } },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import("../src/cli.ts");
}
