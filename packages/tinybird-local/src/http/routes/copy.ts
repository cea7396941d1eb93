import type { ServerResponse } from "node:http";
import { canReadPipe } from "../../auth/token-resolver";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import { outputNode } from "../../sql/pipe-sql";
import { runCopyJob } from "../../jobs/copy-job";
import { ApiError, SCOPES_DOCS } from "../api-error";
import type { ApiRequest } from "../api-request";
import { requestVariables } from "../request-variables";
import { sendJson } from "../respond";

export const COPY_DOCS = "/api-reference/pipe-api.html#post--v0-pipes-(.+)-copy";

/**
 * `POST /v0/pipes/{name}/copy?<params>&_mode=append|replace`: renders the copy node with the request's parameters
 * and queues a job that writes its rows into the target datasource (docs/tinybird-compat.md §1.5).
 */
export async function runCopy(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, name: string, apiHost: string) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler: "APIPipeCopyHandler" });
  if ("error" in auth) throw new ApiError(403, auth.error);
  const access = auth.access;
  if (access.kind === "static" && !access.admin && access.pipesRead.size === 0) {
    throw new ApiError(403, "token needs scope PIPES:READ", SCOPES_DOCS);
  }
  const pipe = tb.pipe(name);
  if (!pipe) throw new ApiError(404, `Pipe '${name}' not found`);
  if (!canReadPipe(access, { name: pipe.name, id: resourceId("pipe", pipe.name) })) {
    throw new ApiError(403, "The token you have provided doesn't have access to this resource");
  }
  if (pipe.type !== "copy" || !pipe.copy) throw new ApiError(403, `The pipe '${pipe.name}' should be a copy pipe`);
  const target = tb.datasource(pipe.copy.target);
  if (!target) {
    throw new ApiError(404, `Target Datasource '${pipe.copy.target}' for pipe '${name}' not found`);
  }
  const mode = (req.query.get("_mode") ?? pipe.copy.mode).toLowerCase();
  if (mode !== "append" && mode !== "replace") {
    throw new ApiError(400, `Invalid mode "${mode}", valid modes are append, replace`);
  }
  const variables = await requestVariables(req, new Set(["_mode", "_execution_type"]));
  variables.copy_timestamp = new Date().toISOString().slice(0, 19).replace("T", " ");
  const { sql, queryParams } = tb.builder.node(pipe, outputNode(pipe), variables);
  const pipeId = resourceId("pipe", pipe.name);
  const datasource = { id: resourceId("datasource", target.name), name: target.name };
  const fields = { mode, pipe_id: pipeId, pipe_name: pipe.name, query_sql: sql };
  const job = tb.jobs.enqueue("copy", datasource, fields, () =>
    runCopyJob(tb.pool, { sql, queryParams, mode, target: target.name }),
  );
  job.fields.query_id = job.id;
  const json = tb.jobs.toJson(job, apiHost);
  // Tinybird answers with the copy node and the job under "job"; the job's fields are repeated at the top for clients
  // that read the job object directly.
  sendJson(res, 200, { ...json, job: json });
}
