import { watch, type FSWatcher } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Session } from "chdb";
import { requestHandler } from "./http/handle-request";
import { qSql } from "./http/routes/pipe-data";
import { redactSecrets } from "./http/redact-log";
import { LocalTinybird } from "./local-tinybird";
import { ProjectError } from "./project/datafile-error";
import type { Pipe } from "./project/project-types";
import { outputNode } from "./sql/pipe-sql";

export interface StartServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Address to listen on: loopback unless said otherwise, since GET /tokens hands out the admin token. */
  host?: string;
  projectDir: string;
  dataDir: string;
  /** Reload datafiles when they change. */
  watch?: boolean;
  /** Load fixtures into datasources created by this start (default true). */
  fixtures?: boolean;
  /** Where log lines go; false silences them. Defaults to stdout. */
  log?: ((line: string) => void) | false;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The address it listens on. */
  host: string;
  workspace: { id: string; name: string; adminToken: string; userToken: string };
  /** A chDB connection of its own on the server's data, for running SQL directly in this process (benchmarks, scripts). */
  session: Session;
  /** The SQL an endpoint request runs, rendered for `params`, without the output FORMAT. */
  endpointSql(pipe: string, params?: Record<string, unknown>): string;
  /**
   * Stops accepting connections, lets requests in flight finish (for up to `graceMs`, default 10 s; then they're cut),
   * and closes chDB.
   */
  close(graceMs?: number): Promise<void>;
  /** The SQL a JWT's `q` request over an endpoint runs: the guard's printed statement over the rendered pipe. */
  querySql(pipe: string, q: string, params?: Record<string, unknown>): Promise<string>;
}

export const DEFAULT_HOST = "127.0.0.1";

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

// A request line (URL) or headers beyond Node's 16 KB limit: Tinybird answers a too-long URL with 414.
const URI_TOO_LONG = JSON.stringify({
  error: "Request-URI Too Long: send long parameters in the body of a POST request instead",
});

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return;
  if (error.code !== "HPE_HEADER_OVERFLOW") {
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    return;
  }
  socket.end(
    "HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: application/json\r\n" +
      `Access-Control-Allow-Origin: *\r\nContent-Length: ${Buffer.byteLength(URI_TOO_LONG)}\r\n\r\n${URI_TOO_LONG}`,
  );
}

/** Resolves once every connection has ended: idle ones at once, busy ones when their response is sent. */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    // A keep-alive connection becomes idle once its request is answered; close it then.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  });
}

function watchProject(tb: LocalTinybird, dir: string, log: (line: string) => void): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  let reloading = Promise.resolve();
  const reload = () => {
    reloading = reloading.then(async () => {
      try {
        await tb.reload();
        log("Datafiles reloaded");
      } catch (error) {
        log(error instanceof ProjectError ? error.message : `Reload failed: ${(error as Error).message}`);
        log("Keeping the previous version of the project until the datafiles are fixed");
      }
    });
  };
  return watch(dir, { recursive: true }, (_event, file) => {
    if (file && !/\.(datasource|pipe|incl|connection)$/.test(String(file))) return;
    clearTimeout(timer);
    // Editors write files in bursts; one reload after the last change.
    timer = setTimeout(reload, 250);
  });
}

/**
 * Serves the Tinybird project in `projectDir` with the Tinybird HTTP API, keeping data in `dataDir`.
 * Rejects with a ProjectError listing every datafile problem when the project is invalid.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const sink = options.log === false ? () => undefined : (options.log ?? ((line: string) => console.log(line)));
  // Every line, requests and errors alike, loses anything shaped like a token on its way out.
  const log = (line: string) => sink(redactSecrets(line));
  const host = options.host ?? DEFAULT_HOST;
  const tb = await LocalTinybird.open({
    projectDir: options.projectDir,
    dataDir: options.dataDir,
    env: options.env,
    fixtures: options.fixtures,
    log,
  });
  let url = "";
  const server = createServer(requestHandler(tb, { apiHost: () => url, log, host: host.toLowerCase() }));
  server.keepAliveTimeout = 5_000;
  server.on("clientError", answerClientError);
  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    tb.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "EADDRINUSE" ? `Port ${options.port} is already in use; pass --port <n>` : (error as Error).message,
    );
  }
  // Wildcard and loopback addresses are reached as localhost; any other by its own address.
  const wildcard = host === "0.0.0.0" || host === "::";
  url = `http://${isLoopback(host) || wildcard ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}`;
  if (!isLoopback(host)) {
    log(
      `Warning: listening on ${host}, reachable from other machines. Anyone who can connect can query with a ` +
        "token they hold; GET /tokens still answers requests addressed to localhost only.",
    );
  }
  const watcher = options.watch ? watchProject(tb, options.projectDir, log) : undefined;
  const endpointPipe = (name: string): Pipe => {
    const pipe = tb.pipe(name);
    if (!pipe) throw new Error(`Pipe ${name} not found`);
    return pipe;
  };
  return {
    url,
    port,
    host,
    workspace: {
      id: tb.state.workspaceId,
      name: tb.state.workspaceName,
      adminToken: tb.state.adminToken,
      userToken: tb.state.userToken,
    },
    session: tb.pool.openSession(),
    querySql: async (name, q, params = {}) => (await qSql(tb, true, endpointPipe(name), q, params)).sql,
    endpointSql: (name, params = {}) => {
      const pipe = endpointPipe(name);
      return `SELECT * FROM (\n${tb.builder.node(pipe, outputNode(pipe), params).sql}\n)`;
    },
    close: async (graceMs = 10_000) => {
      watcher?.close();
      await closeGracefully(server, graceMs);
      tb.close();
    },
  };
}
