import type { ServerResponse } from "node:http";
import type { LocalTinybird } from "../../local-tinybird";
import { ApiError, SCOPES_DOCS } from "../api-error";
import type { ApiRequest } from "../api-request";
import { sendJson } from "../respond";

export const JOBS_DOCS = "/api-reference/jobs-api.html#get--v0-jobs-(.+)";

function requireJobsAccess(req: ApiRequest, tb: LocalTinybird, handler: string) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler });
  if ("error" in auth) throw new ApiError(403, auth.error);
  const access = auth.access;
  if (access.kind !== "static" || !(access.admin || access.datasourcesCreate)) {
    throw new ApiError(403, "token needs scope DATASOURCES:CREATE", SCOPES_DOCS);
  }
}

/** `GET /v0/jobs/{id}`: a copy job's status, waiting → working → done | error. */
export function getJob(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, id: string, apiHost: string) {
  requireJobsAccess(req, tb, "APIJobHandler");
  const job = tb.jobs.get(id);
  if (!job) throw new ApiError(404, `Job with id "${id}" not found`);
  sendJson(res, 200, tb.jobs.toJson(job, apiHost));
}

/** `GET /v0/jobs`: the latest jobs. */
export function listJobs(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, apiHost: string) {
  requireJobsAccess(req, tb, "APIJobsListHandler");
  sendJson(res, 200, {
    jobs: tb.jobs
      .list()
      .slice(0, 100)
      .map((job) => tb.jobs.toJson(job, apiHost)),
  });
}
