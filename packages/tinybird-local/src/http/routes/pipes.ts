import type { ServerResponse } from "node:http";
import { canReadPipe } from "../../auth/token-resolver";
import { resourceId, type LocalTinybird } from "../../local-tinybird";
import type { Pipe } from "../../project/project-types";
import { outputNode } from "../../sql/pipe-sql";
import { templateVariables } from "../../sql/template-engine";
import { ApiError } from "../api-error";
import type { ApiRequest } from "../api-request";
import { sendJson } from "../respond";

export const PIPES_DOCS = "/api-reference/pipe-api.html#get--v0-pipes-?";

function pipeJson(pipe: Pipe, apiHost: string) {
  const output = outputNode(pipe);
  return {
    id: resourceId("pipe", pipe.name),
    name: pipe.name,
    description: pipe.description ?? null,
    type: pipe.type,
    endpoint: pipe.type === "endpoint" ? resourceId("pipe", `${pipe.name}.${output.name}`) : null,
    parent: null,
    nodes: pipe.nodes.map((node) => ({
      id: resourceId("pipe", `${pipe.name}.${node.name}`),
      name: node.name,
      sql: node.sql,
      description: node.description ?? null,
      materialized: null,
      node_type: node.name === pipe.outputNode ? pipe.type : "standard",
      params: node.sql.startsWith("%") ? templateVariables(node.sql.slice(1)) : [],
    })),
    url: pipe.type === "endpoint" ? `${apiHost}/v0/pipes/${pipe.name}.json` : undefined,
  };
}

function readAccess(req: ApiRequest, tb: LocalTinybird, handler: string) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler });
  if ("error" in auth) throw new ApiError(403, auth.error);
  return auth.access;
}

/** `GET /v0/pipes`: the pipes a token may read. */
export function listPipes(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, apiHost: string) {
  const access = readAccess(req, tb, "APIPipeListHandler");
  const pipes = [...tb.project.pipes.values()].filter((pipe) =>
    canReadPipe(access, { name: pipe.name, id: resourceId("pipe", pipe.name) }),
  );
  sendJson(res, 200, { pipes: pipes.map((pipe) => pipeJson(pipe, apiHost)) });
}

/** `GET /v0/pipes/{name}`: one pipe's definition. */
export function getPipe(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, name: string, apiHost: string) {
  const access = readAccess(req, tb, "APIPipeHandler");
  const pipe = tb.pipe(name);
  if (!pipe) throw new ApiError(404, `Pipe '${name}' not found`);
  if (!canReadPipe(access, { name: pipe.name, id: resourceId("pipe", pipe.name) })) {
    throw new ApiError(403, "The token you have provided doesn't have access to this resource");
  }
  sendJson(res, 200, pipeJson(pipe, apiHost));
}
