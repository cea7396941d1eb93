#!/usr/bin/env node
// chDB runs queries on libuv's thread pool, which is created at its first use with UV_THREADPOOL_SIZE threads (4 by
// default: fewer than the server's connections). This file is CommonJS so that nothing touches the pool before the
// size is set. 14 is THREADPOOL_SIZE in src/limits.ts (a unit test keeps the two equal).
process.env.UV_THREADPOOL_SIZE ??= "14";

// The package ships TypeScript: tsx compiles it on the fly, so the CLI runs on plain Node.js 20.
import("tsx/esm/api")
  .then(({ register }) => {
    register();
    return import("../src/cli.ts");
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
