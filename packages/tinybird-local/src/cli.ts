import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ProjectError } from "./project/datafile-error";
import { DEFAULT_HOST, startServer } from "./start-server";

const USAGE = `Usage: tinybird-local-chdb [--port <n>] [--host <addr>] [--project <dir>] [--data <dir>] [--watch]

  --port <n>        port to listen on (default 7181; 0 picks a free one)
  --host <addr>     address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)
  --project <dir>   Tinybird project folder (default ./tinybird)
  --data <dir>      where data, the workspace and its tokens are kept (default ./.tinybird-local)
  --watch           reload datafiles when they change
  --no-fixtures     don't load tinybird/fixtures into newly created datasources
  --exit-with-parent  stop when the process that started this one is gone (for test harnesses)`;

async function main(): Promise<void> {
  const startedAt = performance.now();
  if (process.platform === "win32") {
    console.error(
      "chDB, the embedded ClickHouse this server runs on, has no Windows build: run it inside WSL (Linux).",
    );
    process.exit(1);
  }
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "7181" },
        host: { type: "string", default: DEFAULT_HOST },
        project: { type: "string", default: "tinybird" },
        data: { type: "string", default: ".tinybird-local" },
        watch: { type: "boolean", default: false },
        fixtures: { type: "boolean", default: true },
        "exit-with-parent": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      allowNegative: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number between 0 and 65535, got "${values.port}"\n\n${USAGE}`);
    process.exit(2);
  }
  const server = await startServer({
    port,
    host: values.host,
    projectDir: resolve(values.project),
    dataDir: resolve(values.data),
    watch: values.watch,
    fixtures: values.fixtures,
  });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  console.log(`Tinybird Local listening on ${server.url} (${server.host}, started in ${seconds} s)`);
  console.log(`Tokens: GET ${server.url}/tokens  (workspace ${server.workspace.id})`);
  let stopping = false;
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish (up to 10 s), flush the log, exit 0.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.stdout.write("", () => process.exit(0)));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (values["exit-with-parent"]) {
    const parent = process.ppid;
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        stop();
      }
    }, 1000).unref();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ProjectError ? error.message : `Tinybird Local failed to start: ${(error as Error).message}`,
  );
  process.exit(1);
});
