import type { LocalState } from "../local-state";
import { isJwt } from "./static-token";
import { verifyJwt, type JwtScope } from "./verify-jwt";

export interface StaticAccess {
  kind: "static";
  name: string;
  admin: boolean;
  /** Pipe names or ids from PIPES:READ scopes. */
  pipesRead: Set<string>;
  datasourcesRead: Set<string>;
  datasourcesAppend: Set<string>;
  datasourcesCreate: boolean;
  tokens: boolean;
}

export interface JwtAccess {
  kind: "jwt";
  name: string;
  exp: number;
  rps: number;
  /** PIPES:READ resources (name or id) with the fixed params that override request parameters. */
  pipes: Map<string, Record<string, unknown>>;
  datasourcesAppend: Set<string>;
}

export type Access = StaticAccess | JwtAccess;

export const INVALID_TOKEN = "invalid authentication token";
const JWT_CACHE_LIMIT = 10_000;

function staticAccess(name: string, scopes: readonly string[]): StaticAccess {
  const access: StaticAccess = {
    kind: "static",
    name,
    admin: false,
    pipesRead: new Set(),
    datasourcesRead: new Set(),
    datasourcesAppend: new Set(),
    datasourcesCreate: false,
    tokens: false,
  };
  for (const scope of scopes) {
    const [type, action, resource] = scope.split(":");
    const kind = action ? `${type}:${action}` : type;
    if (kind === "ADMIN" || kind === "ADMIN_USER") access.admin = true;
    else if (kind === "TOKENS") access.tokens = true;
    else if (kind === "DATASOURCES:CREATE") access.datasourcesCreate = true;
    else if (kind === "PIPES:READ" && resource) access.pipesRead.add(resource);
    else if (kind === "DATASOURCES:READ" && resource) access.datasourcesRead.add(resource);
    else if (kind === "DATASOURCES:APPEND" && resource) access.datasourcesAppend.add(resource);
  }
  return access;
}

function jwtAccess(payload: {
  name?: unknown;
  exp?: unknown;
  scopes?: unknown;
  limits?: { rps?: unknown };
}): JwtAccess {
  const access: JwtAccess = {
    kind: "jwt",
    name: typeof payload.name === "string" ? payload.name : "",
    exp: payload.exp as number,
    rps: typeof payload.limits?.rps === "number" && payload.limits.rps > 0 ? payload.limits.rps : 0,
    pipes: new Map(),
    datasourcesAppend: new Set(),
  };
  for (const scope of Array.isArray(payload.scopes) ? (payload.scopes as JwtScope[]) : []) {
    if (typeof scope?.resource !== "string" || scope.resource === "") continue;
    if (scope.type === "PIPES:READ") {
      const fixed = scope.fixed_params;
      access.pipes.set(scope.resource, fixed && typeof fixed === "object" ? (fixed as Record<string, unknown>) : {});
    } else if (scope.type === "DATASOURCES:APPEND") {
      access.datasourcesAppend.add(scope.resource);
    }
  }
  return access;
}

/** Turns a request's token into what it may do: a static token from the workspace, or a workspace-signed JWT. */
export class TokenResolver {
  private staticTokens = new Map<string, StaticAccess>();
  private readonly jwtCache = new Map<string, JwtAccess>();

  constructor(private readonly state: LocalState) {
    this.refresh();
  }

  /** Re-reads the workspace tokens (after datafile TOKEN lines changed). */
  refresh(): void {
    this.staticTokens = new Map(
      this.state.tokens.map((token) => [token.token, staticAccess(token.name, token.scopes)]),
    );
    this.jwtCache.clear();
  }

  /**
   * `handler` names the Tinybird handler for the "does not support JWT tokens" message; pass `jwtHandler: true`
   * where JWTs are accepted.
   */
  resolve(
    token: string | undefined,
    options: { jwt: true } | { jwt: false; handler: string },
    nowMs = Date.now(),
  ): { access: Access } | { error: string } {
    if (!token) return { error: INVALID_TOKEN };
    if (!isJwt(token)) {
      const access = this.staticTokens.get(token);
      return access ? { access } : { error: INVALID_TOKEN };
    }
    if (!options.jwt) return { error: `${INVALID_TOKEN}. Handler ${options.handler} does not support JWT tokens` };
    const cached = this.jwtCache.get(token);
    if (cached && cached.exp * 1000 > nowMs) return { access: cached };
    const result = verifyJwt(token, { id: this.state.workspaceId, signingKey: this.state.adminToken }, nowMs / 1000);
    if ("error" in result) {
      const detail = result.error.startsWith("Workspace") ? result.error : `Invalid token: ${result.error}`;
      return { error: `${INVALID_TOKEN}. ${detail}` };
    }
    const access = jwtAccess(result.payload);
    if (this.jwtCache.size >= JWT_CACHE_LIMIT) this.jwtCache.clear();
    this.jwtCache.set(token, access);
    return { access };
  }
}

/** JWTs and non-admin static tokens: what they send runs under the guard's restrictions and the query limits. */
export function isRestricted(access: Access): boolean {
  return access.kind === "jwt" || !access.admin;
}

/** Whether the access may read a pipe, named by name or id. */
export function canReadPipe(access: Access, pipe: { name: string; id: string }): boolean {
  if (access.kind === "jwt") return access.pipes.has(pipe.name) || access.pipes.has(pipe.id);
  return access.admin || access.pipesRead.has(pipe.name) || access.pipesRead.has(pipe.id);
}

/** The JWT's fixed params for this pipe, which override request parameters of the same name. */
export function fixedParams(access: Access, pipe: { name: string; id: string }): Record<string, unknown> | undefined {
  if (access.kind !== "jwt") return undefined;
  return access.pipes.get(pipe.name) ?? access.pipes.get(pipe.id);
}
