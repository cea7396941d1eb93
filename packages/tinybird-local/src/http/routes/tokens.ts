import type { ServerResponse } from "node:http";
import { signJwt } from "../../auth/verify-jwt";
import type { LocalTinybird } from "../../local-tinybird";
import type { StoredToken } from "../../local-state";
import { ApiError, SCOPES_DOCS } from "../api-error";
import type { ApiRequest } from "../api-request";
import { sendJson } from "../respond";

export const TOKENS_DOCS = "/api-reference/token-api.html#post--v0-tokens-?";

/** `GET /tokens` (no auth), as Tinybird Local serves it to the CLI and SDKs. */
export function localTokens(res: ServerResponse, tb: LocalTinybird) {
  sendJson(res, 200, {
    workspace_id: tb.state.workspaceId,
    workspace_name: tb.state.workspaceName,
    admin_token: tb.state.adminToken,
    user_token: tb.state.userToken,
    workspace_admin_token: tb.state.adminToken,
  });
}

/** `POST /v0/tokens?expiration_time=<unix>`: mints a JWT signed with the workspace admin token (TS SDK `createJWT`). */
export async function createToken(req: ApiRequest, res: ServerResponse, tb: LocalTinybird) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler: "APITokensHandler" });
  if ("error" in auth) throw new ApiError(403, auth.error);
  const access = auth.access;
  if (access.kind !== "static" || !(access.admin || access.tokens)) {
    throw new ApiError(403, "token needs scope TOKENS", SCOPES_DOCS);
  }
  const raw = (await req.body(1024 * 1024)).toString("utf8").trim();
  let body: { name?: unknown; scopes?: unknown; limits?: unknown } = {};
  if (raw) {
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      throw new ApiError(400, "Invalid JSON body");
    }
  }
  const expiration = req.query.get("expiration_time");
  if (expiration === null) {
    throw new ApiError(
      400,
      "expiration_time is required: Tinybird Local only mints JWTs here; static tokens come from TOKEN lines in datafiles",
    );
  }
  const exp = Number(expiration);
  if (!Number.isInteger(exp) || exp <= Date.now() / 1000) {
    throw new ApiError(
      400,
      `The specified expiration time: '${expiration}' is invalid, must be a future unix epoch timestamp indicating the token expiration time`,
    );
  }
  const name = req.query.get("name") ?? body.name;
  if (typeof name !== "string" || name === "")
    throw new ApiError(400, 'The parameter "name" is required in this endpoint');
  if (!Array.isArray(body.scopes) || body.scopes.length === 0)
    throw new ApiError(400, "The JWT needs at least one scope");
  const payload: Record<string, unknown> = { workspace_id: tb.state.workspaceId, name, exp, scopes: body.scopes };
  if (body.limits && typeof body.limits === "object") payload.limits = body.limits;
  sendJson(res, 200, { token: signJwt(payload, tb.state.adminToken) });
}

/** A workspace token as the Tokens API shows it: scopes as `{type, resource}` objects. */
function tokenJson(token: StoredToken): Record<string, unknown> {
  return {
    id: token.id,
    name: token.name,
    description: "",
    scopes: token.scopes.map((scope) => {
      const [type, action, ...resource] = scope.split(":");
      if (!action) return { type };
      return resource.length > 0 ? { type: `${type}:${action}`, resource: resource.join(":") } : { type: scope };
    }),
    token: token.token,
  };
}

/** Tokens may be read by static tokens with ADMIN or TOKENS scope (SRV api_tokens.py can_admin_workspace_tokens). */
function requireTokensAccess(req: ApiRequest, tb: LocalTinybird, handler: string) {
  const auth = tb.tokens.resolve(req.token, { jwt: false, handler });
  if ("error" in auth) throw new ApiError(403, auth.error);
  if (auth.access.kind !== "static" || !(auth.access.admin || auth.access.tokens)) {
    throw new ApiError(403, "Token has not enough permissions to get information about Tokens");
  }
}

/** `GET /v0/tokens`: the workspace's static tokens. */
export function listTokens(req: ApiRequest, res: ServerResponse, tb: LocalTinybird) {
  requireTokensAccess(req, tb, "APITokensHandler");
  sendJson(res, 200, { tokens: tb.state.tokens.map(tokenJson) });
}

/** `GET /v0/tokens/{name or id}`: one static token. */
export function getToken(req: ApiRequest, res: ServerResponse, tb: LocalTinybird, nameOrId: string) {
  requireTokensAccess(req, tb, "APITokenHandler");
  const token = tb.state.tokens.find((candidate) => candidate.name === nameOrId || candidate.id === nameOrId);
  if (!token) throw new ApiError(404, "Token not found");
  sendJson(res, 200, tokenJson(token));
}
