import type { ServerResponse } from "node:http";
import { canReadPipe, fixedParams, isRestricted, type Access } from "../../auth/token-resolver";
import { requestSettings } from "../../limits";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import type { Pipe } from "../../project/project-types";
import { outputNode } from "../../sql/pipe-sql";
import { ApiError } from "../api-error";
import type { ApiRequest } from "../api-request";
import { withHeaders } from "../http-error";
import { outputSettings, requestVariables, settingsClause } from "../request-variables";
import { retrySeconds, sendBytes, setRateLimitHeaders } from "../respond";
import { readsOf, runQuery, statisticsHeader } from "../run-query";

export const PIPE_DATA_DOCS = "/api-reference/pipe-api.html#get--v0-pipes-(.+)\\.(json|csv|ndjson|parquet|prometheus)";

const FORMATS: Record<string, { clickhouse: string; contentType: string }> = {
  json: { clickhouse: "JSON", contentType: "application/json; charset=UTF-8" },
  csv: { clickhouse: "CSVWithNames", contentType: "text/csv; charset=UTF-8; header=present" },
  ndjson: { clickhouse: "JSONEachRow", contentType: "application/x-ndjson" },
  parquet: { clickhouse: "Parquet", contentType: "application/octet-stream" },
  prometheus: { clickhouse: "Prometheus", contentType: "text/plain; version=0.0.4; charset=utf-8" },
};
const PIPE_REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*|t_[0-9a-f]+)$/;
const MAX_Q_BYTES = 8 * 1024;

/**
 * SQL for the `q` parameter: a query over the pipe's result, which it names as `_` or by the pipe's name. What runs
 * is the statement the guard printed back from ClickHouse's parser, never the text as sent.
 */
export async function qSql(
  tb: LocalTinybird,
  restricted: boolean,
  pipe: Pipe,
  q: string,
  variables: Record<string, unknown>,
) {
  if (q.startsWith("%")) throw new ApiError(400, "'q' parameter doesn't support templates");
  if (Buffer.byteLength(q) > MAX_Q_BYTES) throw new ApiError(400, "The maximum size for a SQL query is 8KB.");
  const printed = await tb.guard.check(q, {
    restricted,
    allowed: new Set(["_", pipe.name]),
    notSelect: "[Error] Only SELECT queries are supported in the 'q' parameter",
  });
  return tb.builder.build(
    printed,
    {
      aliases: new Map([
        ["_", pipe],
        [pipe.name, pipe],
      ]),
    },
    variables,
  );
}

/** `GET|POST /v0/pipes/{name}.{format}`: an endpoint's rows, in Tinybird's order of checks (docs/tinybird-compat.md §1.2). */
export async function pipeData(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, name: string, format: string) {
  const startedAt = performance.now();
  const headers: Record<string, string> = {};
  const auth = tb.tokens.resolve(req.token, { jwt: true });
  if ("error" in auth) throw new ApiError(403, auth.error);
  const { access } = auth;
  if (access.kind === "jwt" && access.rps > 0) {
    // Tinybird's key: one budget per JWT name per pipe (as written in the URL).
    const key = `jwt_endpoint_qps_limits_${tb.state.workspaceId}_${name}_${access.name}`;
    const limit = tb.limiter.check(key, access.rps, access.rps, 1);
    setRateLimitHeaders(headers, limit);
    if (limit.limited) {
      throw new ApiError(
        429,
        `Too many requests: retry after ${retrySeconds(limit.retryAfter)} seconds`,
        undefined,
        headers,
      );
    }
  }
  try {
    await readsOf(tb, access, `Pipe ${name}`, () => answer(req, res, tb, access, name, format, headers, startedAt));
  } catch (error) {
    throw withHeaders(error, headers);
  }
}

async function answer(
  req: ApiRequest,
  res: ServerResponse,
  tb: LocalTinybird,
  access: Access,
  name: string,
  format: string,
  headers: Record<string, string>,
  startedAt: number,
) {
  if (!PIPE_REFERENCE.test(name)) throw new ApiError(400, "Invalid pipe name");
  const output = FORMATS[format];
  if (!output) {
    throw new ApiError(
      400,
      `Format '${format}' not supported, it must be one of csv, json, ndjson, parquet, prometheus`,
    );
  }
  const pipe = tb.pipe(name);
  if (!pipe) throw new ApiError(404, tb.notFound("pipe", name));
  const ids = { name: pipe.name, id: resourceId("pipe", pipe.name) };
  if (!canReadPipe(access, ids))
    throw new ApiError(403, "The token you have provided doesn't have access to this resource");
  if (pipe.type !== "endpoint") throw new ApiError(404, `The pipe '${name}' does not have an endpoint yet`);

  const variables = await requestVariables(req);
  Object.assign(variables, fixedParams(access, ids));
  const settings: Record<string, string | number> = outputSettings(variables);
  const q = typeof variables.q === "string" && variables.q !== "" ? variables.q : undefined;
  // Tinybird runs `SELECT * FROM (<endpoint>)`, or the `q` query over it.
  const built = q
    ? await qSql(tb, isRestricted(access), pipe, q, variables)
    : tb.builder.node(pipe, outputNode(pipe), variables);
  Object.assign(settings, built.settings);
  const sql = q ? built.sql : `SELECT * FROM (\n${built.sql}\n)`;
  const result = await runQuery(
    tb.reads,
    `${sql}${settingsClause(requestSettings(settings, isRestricted(access)))}`,
    output.clickhouse,
    built.queryParams,
  );
  headers["X-Tb-Warning"] = JSON.stringify(built.warnings);
  headers["X-TB-Statistics"] = statisticsHeader(result, startedAt);
  sendBytes(res, 200, result.bytes(), output.contentType, headers);
}
