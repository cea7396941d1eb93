import type { ServerResponse } from "node:http";
import { clickhouseCode, clickhouseFailure } from "../../chdb/clickhouse-error";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import { quoteIdentifier } from "../../schema/datasource-ddl";
import { QueryRefused } from "../../sql/query-guard";
import { assertSingleStatement } from "../../sql/single-statement";
import { ApiError, SCOPES_DOCS } from "../api-error";
import { requestArguments, type ApiRequest } from "../api-request";
import { sendJson } from "../respond";
import { datasourceOrQuarantine, staticAccess } from "./datasources";

export const DELETE_DOCS = "/api-reference/datasource-api.html#post--v0-datasources-(.+)-delete";

/** A condition's SQL, checked to be one statement and then run; errors read as Tinybird's failed_delete_condition. */
async function conditionQuery<T>(tb: LocalTinybird, sql: string, condition: string, run: () => Promise<T>): Promise<T> {
  try {
    await assertSingleStatement(tb.pool, sql);
    return await run();
  } catch (error) {
    if (error instanceof QueryRefused) throw new ApiError(error.status, error.message);
    if (clickhouseCode(error) === undefined) throw error;
    // The parse check names its own wrapper query; the part before it is ClickHouse's reason.
    const reason = clickhouseFailure(error).message.replace(/: In scope SELECT formatQuerySingleLine[\s\S]*/, "");
    throw new ApiError(400, `Failed to apply delete_condition='${condition}': ${reason}`);
  }
}

/**
 * `POST /v0/datasources/{name}/delete` with `delete_condition` (and `dry_run=true` to count the rows instead): a job
 * that deletes the matching rows, as Tinybird's APIDataSourceDeleteHandler does (docs/tinybird-compat.md §1.5).
 */
export async function deleteRows(
  req: ApiRequest,
  res: ServerResponse,
  tb: LocalTinybird,
  name: string,
  apiHost: string,
) {
  const access = staticAccess(req, tb, "APIDataSourceDeleteHandler");
  if (!access.admin && !access.datasourcesCreate) {
    throw new ApiError(403, "token needs scope DATASOURCES:CREATE", SCOPES_DOCS);
  }
  const args = new URLSearchParams(req.query);
  const type = req.header("content-type") ?? "";
  if (req.method === "POST" && !type.startsWith("multipart/")) {
    const body = (await req.body(1024 * 1024)).toString("utf8");
    for (const [key, value] of requestArguments(body)) if (!args.has(key)) args.set(key, value);
  }
  const found = datasourceOrQuarantine(tb, name);
  if (!found)
    throw new ApiError(400, `Data Source "${name}" does not exist, can not delete a non existing Data Source`);
  const condition = args.get("delete_condition")?.trim();
  if (!condition) throw new ApiError(400, "The delete_condition='delete_statement' is mandatory");
  const { datasource, table } = found;
  const engine = table === datasource.name ? datasource.engine.type : "MergeTree";
  if (!engine.endsWith("MergeTree")) {
    throw new ApiError(
      400,
      `The data source engine (${engine}) is not supported. Deletion of data is supported for engines from the family MergeTree`,
    );
  }
  const where = `WHERE (${condition}\n)`;
  const countSql = `SELECT count() AS c FROM ${quoteIdentifier(table)} ${where}`;
  // A token that isn't the admin's may name only this table in its condition, with no table functions, settings or
  // file reads: the condition goes through the Query API's guard, and the count runs as ClickHouse printed it back.
  const checked = async () =>
    access.admin
      ? countSql
      : tb.guard.check(countSql, {
          restricted: true,
          allowed: new Set([table]),
          notSelect: "[Error] Invalid delete_condition",
        });
  const count = async () => (await tb.pool.rows<{ c: number }>(await checked()))[0]!.c;
  const matching = await conditionQuery(tb, countSql, condition, count);
  if (args.get("dry_run") === "true") {
    sendJson(res, 200, { rows_to_be_deleted: matching });
    return;
  }
  const deleteSql = `ALTER TABLE ${quoteIdentifier(table)} DELETE ${where}\nSETTINGS mutations_sync = 2`;
  const target = { id: resourceId("datasource", datasource.name), name: table };
  const job = tb.jobs.enqueue("delete_data", target, { delete_condition: condition }, async () => {
    const rowsAffected = await count();
    await conditionQuery(tb, deleteSql, condition, () => tb.pool.query(deleteSql));
    return { rows_affected: rowsAffected };
  });
  sendJson(res, 201, { ...tb.jobs.output(job, apiHost), delete_id: job.id });
}
