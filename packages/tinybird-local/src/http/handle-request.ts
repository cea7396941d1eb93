import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalTinybird } from "../local-tinybird";
import { ApiError, PlainTextError, RawResponseError } from "./api-error";
import { ApiRequest, RequestAborted } from "./api-request";
import { toHttpError } from "./http-error";
import { loggablePath } from "./redact-log";
import { sendJson, sendText } from "./respond";
import { runCopy, COPY_DOCS } from "./routes/copy";
import { DELETE_DOCS, deleteRows } from "./routes/datasource-delete";
import { IMPORT_DOCS, importDatasource } from "./routes/datasource-import";
import { DATASOURCES_DOCS, listDatasources, truncateDatasource, TRUNCATE_DOCS } from "./routes/datasources";
import { events } from "./routes/events";
import { getJob, JOBS_DOCS, listJobs } from "./routes/jobs";
import { PIPE_DATA_DOCS, pipeData } from "./routes/pipe-data";
import { getPipe, listPipes, PIPES_DOCS } from "./routes/pipes";
import { QUERY_DOCS, queryApi } from "./routes/query-api";
import { createToken, getToken, listTokens, localTokens, TOKENS_DOCS } from "./routes/tokens";
import { ulid } from "./ulid";

// Sent on every /v0 response, including errors and preflights (docs/tinybird-compat.md §1.1).
const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Requested-With, X-Tb-Warning",
  "Access-Control-Expose-Headers": "X-Tb-Warning",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Max-Age": "86400",
};
// GET /tokens hands out the admin token: no CORS, so no web page can read it (the app reads it server-side).
const TOKENS_PATH = "/tokens";

/** Whether a Host header names this machine, so a page on another name (DNS rebinding) can't reach /tokens. */
export function isLocalHost(host: string | undefined, boundHost: string): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
  return name === "localhost" || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name) || name.toLowerCase() === boundHost;
}

type Handler = (req: ApiRequest, res: ServerResponse) => Promise<void> | void;

interface Route {
  handler: Handler;
  /** Documentation path used for this route's 400/404 errors. */
  docs: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function route(method: string, path: string, tb: LocalTinybird, apiHost: string): Route | undefined {
  const is = (...methods: string[]) => methods.includes(method);
  if (path === TOKENS_PATH && is("GET")) return { docs: TOKENS_DOCS, handler: (_, res) => localTokens(res, tb) };
  if (path === "/v0/sql" && is("GET", "POST"))
    return { docs: QUERY_DOCS, handler: (req, res) => queryApi(req, res, tb) };
  if (path === "/v0/events" && is("POST"))
    return { docs: "/api-reference/events-api.html", handler: (req, res) => events(req, res, tb) };
  if ((path === "/v0/tokens" || path === "/v0/tokens/") && is("POST")) {
    return { docs: TOKENS_DOCS, handler: (req, res) => createToken(req, res, tb) };
  }
  if ((path === "/v0/tokens" || path === "/v0/tokens/") && is("GET")) {
    return { docs: TOKENS_DOCS, handler: (req, res) => listTokens(req, res, tb) };
  }
  if ((path === "/v0/pipes" || path === "/v0/pipes/") && is("GET")) {
    return { docs: PIPES_DOCS, handler: (req, res) => listPipes(req, res, tb, apiHost) };
  }
  if ((path === "/v0/datasources" || path === "/v0/datasources/") && is("GET")) {
    return { docs: DATASOURCES_DOCS, handler: (req, res) => listDatasources(req, res, tb) };
  }
  if ((path === "/v0/datasources" || path === "/v0/datasources/") && is("POST")) {
    return { docs: IMPORT_DOCS, handler: (req, res) => importDatasource(req, res, tb, apiHost) };
  }
  if ((path === "/v0/jobs" || path === "/v0/jobs/") && is("GET")) {
    return { docs: JOBS_DOCS, handler: (req, res) => listJobs(req, res, tb, apiHost) };
  }
  let match = /^\/v0\/jobs\/([^/]+)$/.exec(path);
  if (match && is("GET"))
    return { docs: JOBS_DOCS, handler: (req, res) => getJob(req, res, tb, decode(match![1]!), apiHost) };
  match = /^\/v0\/datasources\/([^/]+)\/delete$/.exec(path);
  if (match && is("POST")) {
    return { docs: DELETE_DOCS, handler: (req, res) => deleteRows(req, res, tb, decode(match![1]!), apiHost) };
  }
  match = /^\/v0\/tokens\/([^/]+)$/.exec(path);
  if (match && is("GET"))
    return { docs: TOKENS_DOCS, handler: (req, res) => getToken(req, res, tb, decode(match![1]!)) };
  match = /^\/v0\/datasources\/([^/]+)\/truncate$/.exec(path);
  if (match && is("POST")) {
    return { docs: TRUNCATE_DOCS, handler: (req, res) => truncateDatasource(req, res, tb, decode(match![1]!)) };
  }
  match = /^\/v0\/pipes\/([^/]+)\/copy$/.exec(path);
  if (match && is("POST"))
    return { docs: COPY_DOCS, handler: (req, res) => runCopy(req, res, tb, decode(match![1]!), apiHost) };
  match = /^\/v0\/pipes\/(.+)\.([^./]+)$/.exec(path);
  if (match && is("GET", "POST")) {
    return { docs: PIPE_DATA_DOCS, handler: (req, res) => pipeData(req, res, tb, decode(match![1]!), match![2]!) };
  }
  match = /^\/v0\/pipes\/([^/.]+)$/.exec(path);
  if (match && is("GET"))
    return { docs: PIPES_DOCS, handler: (req, res) => getPipe(req, res, tb, decode(match![1]!), apiHost) };
  return undefined;
}

/** Routes a request, answers errors the way Tinybird does, and logs one line per request (never a token). */
export function requestHandler(
  tb: LocalTinybird,
  options: { apiHost: () => string; log: (line: string) => void; host: string },
): (raw: IncomingMessage, res: ServerResponse) => void {
  return (raw, res) => {
    const startedAt = performance.now();
    const req = new ApiRequest(raw);
    const tokensPath = req.path === TOKENS_PATH;
    if (!tokensPath) for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    res.setHeader("X-Frame-Options", "sameorigin");
    res.setHeader("X-Request-ID", ulid());
    res.on("finish", () => {
      const ms = (performance.now() - startedAt).toFixed(1);
      options.log(`${raw.method} ${loggablePath(raw.url ?? "/")} ${res.statusCode} ${ms}ms`);
    });
    if (tokensPath && !isLocalHost(raw.headers.host, options.host)) {
      sendJson(res, 403, { error: `GET ${TOKENS_PATH} only answers requests addressed to this machine (localhost)` });
      return;
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204);
      res.end();
      return;
    }
    const matched = route(req.method, req.path, tb, options.apiHost());
    if (!matched) {
      sendJson(res, 404, { error: `Not found: ${req.method} ${req.path}` });
      return;
    }
    Promise.resolve()
      .then(() => matched.handler(req, res))
      .catch((error: unknown) => {
        const mapped = toHttpError(error);
        if (res.headersSent || error instanceof RequestAborted) {
          res.destroy();
        } else if (mapped instanceof ApiError) {
          const documentation = mapped.documentationUrl(matched.docs);
          sendJson(
            res,
            mapped.status,
            documentation ? { error: mapped.message, documentation } : { error: mapped.message },
            mapped.headers,
          );
        } else if (mapped instanceof PlainTextError) {
          sendText(res, mapped.status, mapped.message, mapped.headers);
        } else if (mapped instanceof RawResponseError) {
          sendText(res, mapped.status, mapped.body, { "Content-Type": mapped.contentType });
        } else {
          options.log(`Unexpected error on ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
          sendJson(res, 500, { error: "Internal server error: see the Tinybird Local output" });
        }
        // Drain an unread body so the connection can be reused.
        if (!raw.readableEnded) raw.resume();
      });
  };
}
