import type { ServerResponse } from "node:http";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import type { Datasource } from "../../project/project-types";
import { quarantineTable, quoteIdentifier } from "../../schema/datasource-ddl";
import { ApiError, SCOPES_DOCS } from "../api-error";
import type { ApiRequest } from "../api-request";
import { sendJson } from "../respond";
import { runQuery } from "../run-query";

export const DATASOURCES_DOCS = "/api-reference/datasource-api.html#get--v0-datasources-?";
export const TRUNCATE_DOCS = "/api-reference/datasource-api.html#post--v0-datasources-(.+)-truncate";

/** The static token a Data Sources API request carries (these handlers don't take JWTs). */
export function staticAccess(req: ApiRequest, tb: LocalTinybird, handler: string) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler });
  if ("error" in auth) throw new ApiError(403, auth.error);
  return auth.access as Extract<typeof auth.access, { kind: "static" }>;
}

/** `GET /v0/datasources`: the datasources a token may read or append to. */
export function listDatasources(req: ApiRequest, res: ServerResponse, tb: LocalTinybird) {
  const access = staticAccess(req, tb, "APIDataSourcesHandler");
  const visible = [...tb.project.datasources.values()].filter(
    (datasource) =>
      access.admin || access.datasourcesRead.has(datasource.name) || access.datasourcesAppend.has(datasource.name),
  );
  sendJson(res, 200, { datasources: visible.map(datasourceJson) });
}

/** A datasource as the Data Sources API shows it. */
export function datasourceJson(datasource: Datasource): Record<string, unknown> {
  return {
    id: resourceId("datasource", datasource.name),
    name: datasource.name,
    description: datasource.description ?? "",
    type: datasource.columns.some((column) => column.jsonPath !== undefined) ? "ndjson" : "csv",
    engine: {
      engine: datasource.engine.type,
      sorting_key: datasource.engine.args.sorting_key ?? "",
      partition_key: datasource.engine.args.partition_key ?? "",
    },
    columns: datasource.columns.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.nullable,
      jsonpath: column.jsonPath ?? null,
      default_value: column.defaultExpr ?? null,
    })),
    tags: datasource.tags,
  };
}

/** A datasource, or the quarantine table of one when `name` ends in `_quarantine` (both answer truncate and delete). */
export function datasourceOrQuarantine(
  tb: LocalTinybird,
  name: string,
): { table: string; datasource: Datasource } | undefined {
  const datasource = tb.datasource(name);
  if (datasource) return { table: datasource.name, datasource };
  const source = name.endsWith("_quarantine") ? tb.datasource(name.slice(0, -"_quarantine".length)) : undefined;
  return source && { table: quarantineTable(source.name), datasource: source };
}

/** `POST /v0/datasources/{name}/truncate`: removes every row (materialized targets keep theirs). */
export async function truncateDatasource(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, name: string) {
  const access = staticAccess(req, tb, "APIDataSourceTruncateHandler");
  if (!access.admin && !access.datasourcesCreate)
    throw new ApiError(403, "token needs scope DATASOURCES:CREATE", SCOPES_DOCS);
  const found = datasourceOrQuarantine(tb, name);
  if (!found) throw new ApiError(404, tb.notFound("datasource", name));
  await runQuery(tb.pool, `TRUNCATE TABLE ${quoteIdentifier(found.table)}`, "TSV");
  res.writeHead(205);
  res.end();
}
