import type { ServerResponse } from "node:http";
import { isRestricted, type Access } from "../../auth/token-resolver";
import { requestSettings } from "../../limits";
import type { LocalTinybird } from "../../local-tinybird";
import { ApiError } from "../api-error";
import type { ApiRequest } from "../api-request";
import { requestVariables, settingsClause } from "../request-variables";
import { sendBytes } from "../respond";
import { readsOf, runQuery, statisticsHeader } from "../run-query";

export const QUERY_DOCS = "/api-reference/query-api.html#get--v0-sql";

const ALLOWED_FORMATS = [
  "JSON",
  "CSV",
  "CSVWithNames",
  "TSV",
  "TSVWithNames",
  "PrettyCompact",
  "JSONEachRow",
  "Parquet",
  "JSONStrings",
  "Prometheus",
];
const CONTENT_TYPES: Record<string, string> = {
  JSON: "application/json; charset=UTF-8",
  JSONStrings: "application/json; charset=UTF-8",
  JSONEachRow: "application/x-ndjson",
  CSV: "text/csv; charset=UTF-8; header=absent",
  CSVWithNames: "text/csv; charset=UTF-8; header=present",
  Parquet: "application/octet-stream",
};
// Arguments the Query API reads itself; everything else is a template variable (docs/tinybird-compat.md §1.3).
const SQL_API_PARAMS = new Set([
  "q",
  "token",
  "from",
  "max_threads",
  "pipeline",
  "tag",
  "semver",
  "playground",
  "finalize_aggregations",
  "release_replacements",
  "time",
  "test",
  "__tb__semver",
  "template_parameters",
]);
const TRAILING_FORMAT = /\s+FORMAT\s+(\w+)\s*;?\s*$/i;

/**
 * `GET|POST /v0/sql`: SQL over datasources and pipes for static tokens, with the query's own FORMAT. What runs is
 * the one SELECT the guard printed back from ClickHouse's parser; tokens with no READ scope can't query at all.
 */
export async function queryApi(req: ApiRequest, res: ServerResponse, tb: LocalTinybird) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler: "APIQueryHandler" });
  if ("error" in auth) throw new ApiError(403, auth.error);
  const access = auth.access as Extract<typeof auth.access, { kind: "static" }>;
  if (!access.admin && access.datasourcesRead.size === 0 && access.pipesRead.size === 0) {
    throw new ApiError(403, "The token you have provided doesn't have access to this resource");
  }
  await readsOf(tb, access, "the Query API", () => answer(req, res, tb, access));
}

async function answer(
  req: ApiRequest,
  res: ServerResponse,
  tb: LocalTinybird,
  access: Extract<Access, { kind: "static" }>,
) {
  const startedAt = performance.now();
  const restricted = isRestricted(access);

  const variables = await requestVariables(req);
  let q = typeof variables.q === "string" ? variables.q : undefined;
  if (req.method === "POST" && q === undefined) {
    const body = (await req.body(8 * 1024 * 1024)).toString("utf8").trim();
    if (body && !body.startsWith("{")) q = body;
  }
  if (!q?.trim()) {
    throw new ApiError(
      400,
      req.method === "POST" ? "The request body should contain a query" : "missing q parameter. example q=select%201",
    );
  }
  let format = "JSON";
  const trailing = TRAILING_FORMAT.exec(q);
  if (trailing) {
    format = ALLOWED_FORMATS.find((name) => name.toLowerCase() === trailing[1]!.toLowerCase()) ?? "";
    if (!format) throw new ApiError(403, `invalid format, available ones: ${ALLOWED_FORMATS.join(", ")}`);
    q = q.slice(0, trailing.index);
  }

  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (!SQL_API_PARAMS.has(key) && !key.startsWith("output_format_")) params[key] = value;
  }
  if (typeof variables.template_parameters === "string") {
    try {
      Object.assign(params, JSON.parse(variables.template_parameters));
    } catch {
      throw new ApiError(400, "template_parameters must be a JSON object");
    }
  }
  let settings: Record<string, string | number> = {};
  let queryParams: Record<string, string> = {};
  // Without parameters the Query API renders templates in test mode: placeholders instead of required-parameter errors.
  const testMode = Object.keys(params).length === 0;
  if (q.trimStart().startsWith("%")) {
    // Workspace secrets are the server's environment here: only admin tokens' templates may read them.
    const rendered = tb.builder.renderTemplate(q.trimStart().slice(1), params, testMode, !restricted);
    q = rendered.sql;
    settings = rendered.settings;
    queryParams = rendered.queryParams ?? {};
  }

  const pipelineName = typeof variables.pipeline === "string" ? variables.pipeline : undefined;
  const pipeline = pipelineName ? tb.pipe(pipelineName) : undefined;
  if (pipelineName && !pipeline) throw new ApiError(404, `The pipe '${pipelineName}' does not exist`);
  // Scopes may name pipes by id; the query names them by name.
  const allowed = new Set(
    [...access.datasourcesRead, ...[...access.pipesRead].map((pipe) => tb.pipe(pipe)?.name ?? pipe)].filter(Boolean),
  );
  if (pipeline && (access.admin || allowed.has(pipeline.name))) allowed.add("_");
  const printed = await tb.guard.check(q, {
    restricted,
    allowed,
    notSelect: "[Error] Only SELECT queries are supported by the Query API",
    params: Object.keys(queryParams).length > 0 ? queryParams : undefined,
  });
  const built = tb.builder.build(
    printed,
    { aliases: pipeline ? new Map([["_", pipeline]]) : undefined },
    params,
    testMode,
  );
  const result = await runQuery(
    tb.reads,
    `${built.sql}${settingsClause(requestSettings({ ...settings, ...built.settings }, restricted))}`,
    format,
    { ...queryParams, ...built.queryParams },
  );
  sendBytes(res, 200, result.bytes(), CONTENT_TYPES[format] ?? "text/plain; charset=UTF-8", {
    "X-TB-Statistics": statisticsHeader(result, startedAt),
  });
}
