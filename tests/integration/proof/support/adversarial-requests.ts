// Generates the isolation suite's attacks on the Tinybird endpoints: client parameters that try to override the
// token's org or user (in every spelling a client can send), SQL injection in every parameter, the `q` parameter
// reaching for other tables, forged and misused tokens, and one tenant's token replayed with another's parameters.
// Each request carries what Tinybird must answer: the same rows as a reference request, or an error status.
import { randomUUID } from "node:crypto";
import { ENDPOINTS, type Endpoint } from "./endpoint-summary";
import { forgeJwt, jwtPayload, tamperJwt } from "./forge-jwt";
import type { Scope } from "./tenant-rows";

export interface Viewer {
  /** e.g. "grace@acme (member)". */
  label: string;
  userId: string;
  org: string | null;
  admin: boolean;
  /** The token the app mints for this membership (for a user without an org: the template rendered with org null). */
  token: string;
  /** Null when the token pins no organization. */
  scope: Scope | null;
}

/** Reference requests every viewer makes once per endpoint; attacks must answer exactly like one of them. */
export type Reference = "baseline" | "empty-user" | "errors-only";

export type Expectation =
  | { kind: "same-as"; viewer: Viewer; reference: Reference }
  | { kind: "error"; status: 400 | 403; message: RegExp }
  | { kind: "rows"; rows: ReadonlyArray<Record<string, unknown>> };

export interface Probe {
  family: "override" | "injection" | "q" | "token" | "replay" | "grammar" | "file" | "network" | "settings";
  label: string;
  /** The endpoint asked; null for `/v0/sql`. */
  endpoint: Endpoint | null;
  /** The viewer whose token is sent (its scope bounds what may come back); null when no valid token is sent. */
  tokenOf: Viewer | null;
  /** Sent with the viewer's claims re-signed without `limits.rps`, so it needn't be paced. */
  unpaced?: true;
  /** For `/v0/sql`: which static token is sent. */
  sqlToken?: "reader" | "admin" | "append";
  method: "GET" | "POST";
  /** Path and query, e.g. `/v0/pipes/top_routes.json?…`. */
  path: string;
  format: "json" | "ndjson";
  headers: Record<string, string>;
  body?: string;
  expect: Expectation;
}

export interface AttackContext {
  viewers: readonly Viewer[];
  workspaceId: string;
  adminToken: string;
  /** Another static token of the workspace (not the signing key). */
  userToken: string;
  /** Pipe name → pipe id, to address endpoints by id. */
  pipeIds: ReadonlyMap<string, string>;
  /** Every organization and its users in the data. */
  orgUsers: ReadonlyMap<string, readonly string[]>;
}

// The fixture spans 2026-10-30 → 2026-11-20: this range covers all of it.
export const FULL_RANGE = { date_from: "2026-10-29 00:00:00", date_to: "2026-11-21 00:00:00" };
export const NOBODY = "user_nobody_in_any_org";

export function baseParams(endpoint: Endpoint): Array<[string, string]> {
  if (endpoint === "live_requests")
    return [
      ["minutes", "5"],
      ["timezone", "UTC"],
    ];
  if (endpoint === "recent_requests")
    return [
      ["limit", "500"],
      ["timezone", "UTC"],
    ];
  const ranged: Array<[string, string]> = [
    ["date_from", FULL_RANGE.date_from],
    ["date_to", FULL_RANGE.date_to],
    ["timezone", "UTC"],
  ];
  return endpoint === "top_routes" ? [...ranged, ["limit", "100"]] : ranged;
}

export function referenceParams(endpoint: Endpoint, reference: Reference): Array<[string, string]> {
  if (reference === "empty-user") return [...baseParams(endpoint), ["user", NOBODY]];
  if (reference === "errors-only") return [...baseParams(endpoint), ["errors_only", "1"]];
  return baseParams(endpoint);
}

/** Every parameter each endpoint reads, to inject into. */
function endpointParams(endpoint: Endpoint): string[] {
  const params = ["org", "user", "timezone"];
  if (endpoint === "live_requests") return [...params, "minutes"];
  if (endpoint === "recent_requests") return [...params, "limit", "before", "errors_only"];
  return [...params, "date_from", "date_to", ...(endpoint === "top_routes" ? ["limit"] : [])];
}

export const INJECTIONS = [
  "' OR 1=1 --",
  "acme' OR org='globex",
  "' OR '1'='1",
  "') OR ('1'='1",
  "\\' OR 1=1 --",
  "\\",
  "%' OR '%'='",
  "%",
  "\u2019 OR 1=1 --",
  "\uff07 OR org != \uff07",
  "\u0000' OR 1=1 --",
  "\n) UNION ALL SELECT * FROM api_requests --",
  "'; DROP TABLE api_requests; --",
  "{{ org }}{% if 1 %}",
  "globex",
  "2026-10-29 00:00:00' OR org != '",
];

const Q_DENIED = [
  "SELECT * FROM api_requests",
  "SELECT count() AS c FROM api_requests WHERE org != ''",
  "SELECT * FROM default.api_requests",
  "SELECT * FROM `api_requests`",
  "SELECT * FROM api_usage_15m",
  "SELECT * FROM _ WHERE 1 IN (SELECT 1 FROM api_requests WHERE org = 'globex')",
  "SELECT * FROM _, api_requests",
  "WITH (SELECT groupArray(request_id) FROM api_requests) AS ids SELECT ids",
  "SELECT * FROM system.tables",
  "SELECT * FROM numbers(10)",
  "SELECT * FROM merge('default', '^api_')",
  "SELECT * FROM file('workspace.json', 'JSONAsString')",
  "SELECT joinGet('api_requests', 'user', 'x')",
];

const INVALID_TOKEN = /^invalid authentication token/;
const NO_ACCESS = /^The token you have provided doesn't have access to this resource$/;
const ORG_REQUIRED = /org parameter is required/;

const enc = encodeURIComponent;
const hexAll = (text: string) =>
  [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;
const without = (object: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));

interface Shape {
  query?: string;
  body?: string;
  contentType?: string;
  byId?: boolean;
  format?: "ndjson";
}

/** How a request can spell "param = target"; `effect` says whether the server sees `param` with a value. */
const OVERRIDES: ReadonlyArray<{
  label: string;
  effect: "sets" | "none" | "null";
  shape(param: string, target: string, own: string): Shape;
}> = [
  { label: "plain", effect: "sets", shape: (p, t) => ({ query: `${p}=${enc(t)}` }) },
  {
    label: "repeated key, own value first",
    effect: "sets",
    shape: (p, t, own) => ({ query: `${p}=${enc(own)}&${p}=${enc(t)}` }),
  },
  {
    label: "repeated key, target first",
    effect: "sets",
    shape: (p, t, own) => ({ query: `${p}=${enc(t)}&${p}=${enc(own)}` }),
  },
  { label: "upper-case name", effect: "none", shape: (p, t) => ({ query: `${p.toUpperCase()}=${enc(t)}` }) },
  {
    label: "capitalised name",
    effect: "none",
    shape: (p, t) => ({ query: `${p[0]!.toUpperCase()}${p.slice(1)}=${enc(t)}` }),
  },
  { label: "percent-encoded name", effect: "sets", shape: (p, t) => ({ query: `${hexAll(p)}=${enc(t)}` }) },
  { label: "percent-encoded value", effect: "sets", shape: (p, t) => ({ query: `${p}=${hexAll(t)}` }) },
  {
    label: "double-encoded name",
    effect: "none",
    shape: (p, t) => ({ query: `${hexAll(p).replace(/%/g, "%25")}=${enc(t)}` }),
  },
  { label: "array brackets", effect: "none", shape: (p, t) => ({ query: `${p}%5B%5D=${enc(t)}` }) },
  { label: "indexed name", effect: "none", shape: (p, t) => ({ query: `${p}[0]=${enc(t)}` }) },
  { label: "comma list", effect: "sets", shape: (p, t, own) => ({ query: `${p}=${enc(`${t},${own}`)}` }) },
  { label: "name with a trailing space", effect: "none", shape: (p, t) => ({ query: `${p}%20=${enc(t)}` }) },
  { label: "name with a NUL byte", effect: "none", shape: (p, t) => ({ query: `${p}%00=${enc(t)}` }) },
  {
    label: "Cyrillic look-alike name",
    effect: "none",
    shape: (p, t) => ({ query: `${enc(p.replace("o", "\u043e").replace("e", "\u0435"))}=${enc(t)}` }),
  },
  { label: "SQL in the name", effect: "none", shape: (p, t) => ({ query: `${enc(`${p}' OR '1'='1`)}=${enc(t)}` }) },
  { label: "prototype key", effect: "none", shape: (p, t) => ({ query: `__proto__%5B${p}%5D=${enc(t)}` }) },
  { label: "POST JSON", effect: "sets", shape: (p, t) => ({ body: JSON.stringify({ [p]: t }) }) },
  { label: "POST JSON array", effect: "sets", shape: (p, t) => ({ body: JSON.stringify({ [p]: [t] }) }) },
  { label: "POST JSON null", effect: "null", shape: (p) => ({ body: JSON.stringify({ [p]: null }) }) },
  { label: "POST JSON object", effect: "sets", shape: (p) => ({ body: JSON.stringify({ [p]: { $ne: "" } }) }) },
  {
    label: "POST JSON __proto__",
    effect: "none",
    shape: (p, t) => ({ body: `{"__proto__": ${JSON.stringify({ [p]: t })}}` }),
  },
  {
    label: "POST JSON constructor.prototype",
    effect: "none",
    shape: (p, t) => ({ body: JSON.stringify({ constructor: { prototype: { [p]: t } } }) }),
  },
  {
    label: "POST form",
    effect: "sets",
    shape: (p, t) => ({ body: `${p}=${enc(t)}`, contentType: "application/x-www-form-urlencoded" }),
  },
  {
    label: "own value in the query, target in the body",
    effect: "sets",
    shape: (p, t, own) => ({ query: `${p}=${enc(own)}`, body: JSON.stringify({ [p]: t }) }),
  },
  { label: "pipe addressed by id", effect: "sets", shape: (p, t) => ({ query: `${p}=${enc(t)}`, byId: true }) },
  { label: "NDJSON format", effect: "sets", shape: (p, t) => ({ query: `${p}=${enc(t)}`, format: "ndjson" }) },
];

function query(pairs: ReadonlyArray<[string, string]>, extra?: string): string {
  const encoded = pairs.map(([key, value]) => `${enc(key)}=${enc(value)}`);
  return [...encoded, ...(extra ? [extra] : [])].join("&");
}

export function probePath(
  ctx: AttackContext,
  endpoint: Endpoint,
  queryString: string,
  options: { byId?: boolean; format?: "json" | "ndjson" } = {},
): string {
  const name = options.byId ? ctx.pipeIds.get(endpoint)! : endpoint;
  return `/v0/pipes/${name}.${options.format ?? "json"}?${queryString}`;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** What a request from `viewer` must answer when `param` was given a client value with the given effect. */
function expectFor(viewer: Viewer, param: string, effect: "sets" | "none" | "null"): Expectation {
  if (viewer.scope === null) return { kind: "error", status: 400, message: ORG_REQUIRED };
  if (param === "org" || !viewer.admin || effect !== "sets") return { kind: "same-as", viewer, reference: "baseline" };
  // Admins may narrow to a member; a member of another org (or a mangled id) matches no row of theirs.
  return { kind: "same-as", viewer, reference: "empty-user" };
}

function otherOrgs(ctx: AttackContext, viewer: Viewer): string[] {
  return [...ctx.orgUsers.keys()].filter((org) => org !== viewer.org);
}

/** Users the viewer must never see: members of the same org for members, and users only found in other orgs. */
function foreignUsers(ctx: AttackContext, viewer: Viewer): string[] {
  const own = new Set(viewer.org ? ctx.orgUsers.get(viewer.org) : []);
  const elsewhere = [...ctx.orgUsers.entries()]
    .filter(([org]) => org !== viewer.org)
    .flatMap(([, users]) => users.filter((user) => !own.has(user)));
  const sameOrg = viewer.admin ? [] : [...own].filter((user) => user !== viewer.userId);
  return [...sameOrg, ...elsewhere];
}

function overrides(ctx: AttackContext, viewer: Viewer, endpoint: Endpoint, e: number, v: number): Probe[] {
  const probes: Probe[] = [];
  OVERRIDES.forEach((variant, i) => {
    // Each viewer tries half the spellings on each endpoint, org and user in turn, so that across viewers and
    // endpoints every spelling meets every endpoint, every viewer and both parameters.
    const turn = i + e + v;
    if (turn % 2 !== 0) return;
    const param = Math.floor(turn / 2) % 2 === 0 ? "org" : "user";
    const target = param === "org" ? pick(otherOrgs(ctx, viewer), turn) : pick(foreignUsers(ctx, viewer), turn);
    const own = (param === "org" ? viewer.org : viewer.userId) ?? "";
    const shape = variant.shape(param, target, own);
    const post = shape.body !== undefined;
    probes.push({
      family: "override",
      label: `${variant.label}: ${param}=${target}`,
      endpoint,
      tokenOf: viewer,
      method: post ? "POST" : "GET",
      path: probePath(ctx, endpoint, query(baseParams(endpoint), shape.query), shape),
      format: shape.format ?? "json",
      headers: {
        ...bearer(viewer.token),
        ...(post ? { "Content-Type": shape.contentType ?? "application/json" } : {}),
      },
      body: shape.body,
      expect: expectFor(viewer, param, variant.effect),
    });
  });
  return probes;
}

function injections(ctx: AttackContext, viewer: Viewer, endpoint: Endpoint, e: number, v: number): Probe[] {
  const probes: Probe[] = [];
  for (const [p, param] of endpointParams(endpoint).entries()) {
    INJECTIONS.forEach((payload, i) => {
      const turn = i + e + v + p;
      const pinned = param === "org" || (param === "user" && !viewer.admin);
      // A value the token fixes never reaches SQL: a quarter of the payloads per viewer and endpoint; the rest: half.
      // The rotation over viewers, endpoints and parameters still puts every payload in every parameter somewhere.
      if (viewer.scope !== null && turn % (pinned ? 4 : 2) !== 0) return;
      if (viewer.scope === null && turn % 4 !== 0) return;
      const params = baseParams(endpoint).filter(([key]) => key !== param);
      let expect: Expectation;
      if (viewer.scope === null) expect = { kind: "error", status: 400, message: /./ };
      else if (pinned) expect = { kind: "same-as", viewer, reference: "baseline" };
      else if (param === "user") expect = { kind: "same-as", viewer, reference: "empty-user" };
      // Tinybird's Boolean(): anything but '0'/'false' is true.
      else if (param === "errors_only") expect = { kind: "same-as", viewer, reference: "errors-only" };
      else expect = { kind: "error", status: 400, message: /./ };
      probes.push({
        family: "injection",
        label: `${param}=${JSON.stringify(payload)}`,
        endpoint,
        tokenOf: viewer,
        method: "GET",
        path: probePath(ctx, endpoint, query([...params, [param, payload]])),
        format: "json",
        headers: bearer(viewer.token),
        expect,
      });
    });
  }
  return probes;
}

function qAttacks(ctx: AttackContext, viewer: Viewer, endpoint: Endpoint, e: number): Probe[] {
  const otherPipe = pick(
    ENDPOINTS.filter((name) => name !== endpoint),
    e,
  );
  const denied = [...Q_DENIED, `SELECT * FROM ${otherPipe}`];
  const cases: Array<[string, Expectation]> = [
    ...denied.map((q): [string, Expectation] => [q, { kind: "error", status: 403, message: /./ }]),
    ["SELECT * FROM _; SELECT * FROM api_requests", { kind: "error", status: 400, message: /Only SELECT queries/ }],
    ["%SELECT {{ org }}", { kind: "error", status: 400, message: /doesn't support templates/ }],
    ["SELECT * FROM _", { kind: "same-as", viewer, reference: "baseline" }],
  ];
  return cases.map(([q, expect]) => ({
    family: "q",
    label: `q=${q}`,
    endpoint,
    tokenOf: viewer,
    method: "GET",
    path: probePath(ctx, endpoint, query([...baseParams(endpoint), ["q", q]])),
    format: "json",
    headers: bearer(viewer.token),
    expect,
  }));
}

function tokenAttacks(ctx: AttackContext, viewer: Viewer, endpoint: Endpoint, e: number): Probe[] {
  const claims = jwtPayload(viewer.token);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const sign = (payload: Record<string, unknown>, key = ctx.adminToken) => forgeJwt(header, payload, key);
  type Scopes = Array<{ type: string; resource: string; fixed_params: Record<string, unknown> }>;
  const withScopes = (change: (scopes: Scopes) => Scopes) => ({ ...claims, scopes: change(claims.scopes as Scopes) });
  const fixing = (change: (fixed: Record<string, unknown>) => Record<string, unknown>) =>
    withScopes((scopes) => scopes.map((scope) => ({ ...scope, fixed_params: change({ ...scope.fixed_params }) })));
  const otherOrg = pick(otherOrgs(ctx, viewer), e);
  const [, , signature] = viewer.token.split(".");
  const invalid: Expectation = { kind: "error", status: 403, message: INVALID_TOKEN };
  const orgRequired: Expectation = { kind: "error", status: 400, message: ORG_REQUIRED };

  const cases: Array<{ label: string; headers: Record<string, string>; extra?: string; expect: Expectation }> = [
    { label: "expired", headers: bearer(sign({ ...claims, iat: now - 900, exp: now - 600 })), expect: invalid },
    {
      label: "not valid yet (nbf in the future)",
      headers: bearer(sign({ ...claims, nbf: now + 600 })),
      expect: invalid,
    },
    {
      label: `tampered: org changed to ${otherOrg}, signature kept`,
      headers: bearer(tamperJwt(viewer.token, () => fixing((fixed) => ({ ...fixed, org: otherOrg })))),
      expect: invalid,
    },
    {
      label: "tampered: exp a day later, signature kept",
      headers: bearer(tamperJwt(viewer.token, (payload) => ({ ...payload, exp: Number(payload.exp) + 86_400 }))),
      expect: invalid,
    },
    ...(viewer.admin
      ? []
      : [
          {
            label: "tampered: user pin removed, signature kept",
            headers: bearer(tamperJwt(viewer.token, () => fixing((fixed) => without(fixed, "user")))),
            expect: invalid,
          },
        ]),
    {
      label: "tampered: rate-limit name changed, signature kept",
      headers: bearer(tamperJwt(viewer.token, (payload) => ({ ...payload, name: randomUUID() }))),
      expect: invalid,
    },
    {
      label: "alg none, no signature",
      headers: bearer(forgeJwt({ alg: "none", typ: "JWT" }, claims, null)),
      expect: invalid,
    },
    {
      label: "alg none, signature kept",
      headers: bearer(`${forgeJwt({ alg: "none", typ: "JWT" }, claims, null)}${signature}`),
      expect: invalid,
    },
    {
      label: "HS512 with the admin token",
      headers: bearer(forgeJwt({ alg: "HS512", typ: "JWT" }, claims, ctx.adminToken, "sha512")),
      expect: invalid,
    },
    { label: "HS256 with a wrong key", headers: bearer(sign(claims, "p.not-the-admin-token")), expect: invalid },
    { label: "HS256 with the workspace's user token", headers: bearer(sign(claims, ctx.userToken)), expect: invalid },
    { label: "another workspace", headers: bearer(sign({ ...claims, workspace_id: randomUUID() })), expect: invalid },
    { label: "no workspace_id", headers: bearer(sign(without(claims, "workspace_id"))), expect: invalid },
    { label: "no exp", headers: bearer(sign(without(claims, "exp"))), expect: invalid },
    // PyJWT reads a numeric string as a number, so only a non-numeric exp is an error on Tinybird too.
    { label: "exp not a number", headers: bearer(sign({ ...claims, exp: "never" })), expect: invalid },
    {
      label: "scoped to the other pipes only",
      headers: bearer(sign(withScopes((scopes) => scopes.filter((scope) => scope.resource !== endpoint)))),
      expect: { kind: "error", status: 403, message: NO_ACCESS },
    },
    {
      label: "DATASOURCES:READ on api_requests instead of PIPES:READ",
      headers: bearer(
        sign(
          withScopes((scopes) =>
            scopes.map((scope) => ({ ...scope, type: "DATASOURCES:READ", resource: "api_requests" })),
          ),
        ),
      ),
      expect: { kind: "error", status: 403, message: NO_ACCESS },
    },
    { label: "not a token", headers: bearer("not-a-token"), expect: invalid },
    { label: "a made-up static token", headers: bearer("p.eyJ1IjogImZvcmdlZCJ9.c2lnbmF0dXJl"), expect: invalid },
    { label: "empty bearer", headers: { Authorization: "Bearer " }, expect: invalid },
    { label: "lower-case scheme", headers: { Authorization: `bearer ${viewer.token}` }, expect: invalid },
    { label: "two spaces after Bearer", headers: { Authorization: `Bearer  ${viewer.token}` }, expect: invalid },
    { label: "no Authorization header", headers: {}, expect: invalid },
    {
      label: "a bad token in the query wins over a good header",
      headers: bearer(viewer.token),
      extra: "token=not-a-token",
      expect: invalid,
    },
    { label: "org null", headers: bearer(sign(fixing((fixed) => ({ ...fixed, org: null })))), expect: orgRequired },
    { label: "org empty", headers: bearer(sign(fixing((fixed) => ({ ...fixed, org: "" })))), expect: orgRequired },
    {
      label: "org missing, no org sent",
      headers: bearer(sign(fixing((fixed) => without(fixed, "org")))),
      expect: orgRequired,
    },
  ];
  return cases.map((attack) => ({
    family: "token",
    label: attack.label,
    endpoint,
    tokenOf: null,
    method: "GET",
    path: probePath(ctx, endpoint, query(baseParams(endpoint), attack.extra)),
    format: "json",
    headers: attack.headers,
    expect: attack.expect,
  }));
}

function replays(ctx: AttackContext, viewer: Viewer, endpoint: Endpoint, e: number): Probe[] {
  if (viewer.scope === null) return [];
  const params: Array<[string, string]> = [...baseParams(endpoint), ["org", viewer.scope.org]];
  const others = ctx.viewers.filter((other) => other !== viewer && other.scope !== null);
  // Two of the other memberships per endpoint, in turn: every pair meets on some endpoint.
  return [pick(others, e), pick(others, e + 1)].map((other) => ({
    family: "replay",
    label: `${other.label}'s token with ${viewer.label}'s parameters`,
    endpoint,
    tokenOf: other,
    method: "GET",
    // A member token fixes user anyway; an admin token would narrow to it, so only members replay with it.
    path: probePath(
      ctx,
      endpoint,
      query([
        ...params,
        ...(!other.admin && viewer.scope!.user ? [["user", viewer.scope!.user] as [string, string]] : []),
      ]),
    ),
    format: "json",
    headers: bearer(other.token),
    expect: { kind: "same-as", viewer: other, reference: "baseline" },
  }));
}

export function adversarialRequests(ctx: AttackContext): Probe[] {
  const probes: Probe[] = [];
  ctx.viewers.forEach((viewer, v) => {
    ENDPOINTS.forEach((endpoint, e) => {
      probes.push(...overrides(ctx, viewer, endpoint, e, v), ...injections(ctx, viewer, endpoint, e, v));
      if (viewer.scope === null) return;
      probes.push(...tokenAttacks(ctx, viewer, endpoint, e), ...replays(ctx, viewer, endpoint, e));
      // The q guard doesn't depend on who asks: each endpoint's q attacks go to one viewer in turn.
      if ((v + e) % ctx.viewers.filter((candidate) => candidate.scope !== null).length === 0)
        probes.push(...qAttacks(ctx, viewer, endpoint, e));
    });
  });
  return probes;
}
