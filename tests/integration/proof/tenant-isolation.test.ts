// Cross-tenant isolation under attack: every demo membership's real token (minted by the app's tokenFor from the
// repo's JWT templates) against every endpoint, with thousands of generated adversarial requests. Every answer must
// be the token's own tenant's rows (checked against direct SQL on the data) or the error Tinybird gives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthSession } from "@/lib/auth/auth-session";
import { LOCAL_USERS } from "@/lib/auth/local-directory";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate, templateContext } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";
import { createTokenFor } from "@/lib/tinybird/server/token-for";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";
import {
  adversarialRequests,
  FULL_RANGE,
  probePath,
  referenceParams,
  type AttackContext,
  type Probe,
  type Reference,
  type Viewer,
} from "./support/adversarial-requests";
import {
  endpointSummary,
  ENDPOINTS,
  expectedSummary,
  type Endpoint,
  type EndpointRow,
} from "./support/endpoint-summary";
import { jwtPayload } from "./support/forge-jwt";
import { leakedRows, scopeUniverse, type ScopeUniverse } from "./support/leaked-rows";
import { pacedRequests } from "./support/paced-requests";
import { inScope, loadTenantRows, type TenantRow } from "./support/tenant-rows";

let tb: LocalServerProcess;
let rows: TenantRow[];
let ctx: AttackContext;
const references = new Map<string, EndpointRow[]>();
const universes = new Map<Viewer, ScopeUniverse>();
const liveSince = Date.now() - 60_000;

interface Answer {
  status: number;
  data?: EndpointRow[];
  error?: string;
}

async function send(request: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  format?: "json" | "ndjson";
}): Promise<Answer> {
  const response = await fetch(`${tb.url}${request.path}`, {
    method: request.method ?? "GET",
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (response.status === 200 && request.format === "ndjson") {
    return {
      status: 200,
      data: text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as EndpointRow),
    };
  }
  try {
    const body = JSON.parse(text) as { data?: EndpointRow[]; error?: string };
    return { status: response.status, data: body.data, error: body.error };
  } catch {
    return { status: response.status, error: text };
  }
}

async function sql(query: string): Promise<EndpointRow[]> {
  const answer = await send({
    path: "/v0/sql",
    method: "POST",
    headers: { Authorization: `Bearer ${tb.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ q: `${query} FORMAT JSON` }),
  });
  if (answer.status !== 200) throw new Error(`${query}: ${answer.status} ${answer.error}`);
  return answer.data!;
}

/** Requests of the last minute, for every org and several of its users, so live_requests has every tenant's rows. */
async function postLiveEvents(): Promise<void> {
  const users: Record<string, string[]> = {
    acme: ["user_local_ada", "user_local_grace", "user_acme_svc_billing"],
    globex: ["user_local_linus", "user_local_grace", "user_globex_svc_etl"],
    initech: ["user_local_margaret", "user_initech_peter"],
  };
  const now = Date.now();
  const events = Object.entries(users).flatMap(([org, members]) =>
    members.flatMap((user, u) =>
      [200, 404, 503].map((status, i) => ({
        timestamp: new Date(now - 5_000 - (u * 3 + i) * 1_000).toISOString(),
        org,
        user,
        request_id: `req_proof_live_${org}_${u}_${i}`,
        method: "GET",
        route: "/v1/live",
        status,
        latency_ms: 10 + i,
        bytes: 100,
        region: "eu-west-1",
      })),
    ),
  );
  const answer = await send({
    path: "/v0/events?name=api_requests&wait=true",
    method: "POST",
    headers: { Authorization: `Bearer ${tb.adminToken}` },
    body: events.map((event) => JSON.stringify(event)).join("\n"),
  });
  expect(answer.status).toBe(200);
}

/** One viewer per demo membership, with the token the app's tokenFor mints for it; users without an org get none. */
async function mintViewers(): Promise<Viewer[]> {
  const env = {
    tokenSource: "self-signed" as const,
    CLERK_JWT_TEMPLATE: "tinybird",
    CLERK_ADMIN_JWT_TEMPLATE: "tinybird_admin",
    TINYBIRD_JWT_TTL_SECONDS: 600,
    TINYBIRD_TOKEN_CACHE_SIZE: 100,
    NEXT_PUBLIC_TINYBIRD_API_URL: tb.url,
    TINYBIRD_WORKSPACE_ID: tb.workspaceId,
    TINYBIRD_JWT_SECRET: tb.adminToken,
  };
  const tokenFor = createTokenFor(env);
  const viewers: Viewer[] = [];
  for (const user of LOCAL_USERS) {
    const base: AuthSession = { sessionId: `sess_proof_${user.id}`, user, org: null };
    if (user.memberships.length === 0) {
      expect(await tokenFor(base)).toEqual({ status: "no-org" });
      // What a token for no organization would be if one were ever minted: the member template with org null.
      const claims = renderJwtTemplate(JWT_TEMPLATES.tinybird!, templateContext(base));
      const { token } = await signTinybirdJwt(claims, { workspaceId: tb.workspaceId, secret: tb.adminToken }, 600);
      viewers.push({
        label: `${user.firstName.toLowerCase()} (no org)`,
        userId: user.id,
        org: null,
        admin: false,
        token,
        scope: null,
      });
      continue;
    }
    for (const { org, role } of user.memberships) {
      const session: AuthSession = {
        ...base,
        sessionId: `sess_proof_${user.id}_${org.slug}`,
        org: { id: org.id, slug: org.slug, name: org.name, role },
      };
      const minted = await tokenFor(session);
      if (minted.status !== "ok") throw new Error(`no token for ${user.id} in ${org.slug}: ${minted.status}`);
      const admin = role === "org:admin";
      viewers.push({
        label: `${user.firstName.toLowerCase()}@${org.slug} (${admin ? "admin" : "member"})`,
        userId: user.id,
        org: org.slug,
        admin,
        token: minted.token,
        scope: admin ? { org: org.slug } : { org: org.slug, user: user.id },
      });
    }
  }
  // Users without an org last: the q attacks rotate over the others.
  return viewers.sort((a, b) => Number(a.scope === null) - Number(b.scope === null));
}

function referenceKey(viewer: Viewer, endpoint: Endpoint, reference: Reference): string {
  return `${viewer.label}|${endpoint}|${reference}`;
}

function referencesOf(viewer: Viewer, endpoint: Endpoint): Reference[] {
  if (viewer.scope === null) return [];
  return [
    "baseline",
    ...(viewer.admin ? (["empty-user"] as const) : []),
    ...(endpoint === "recent_requests" ? (["errors-only"] as const) : []),
  ];
}

/** live_requests moves with the clock, so its answers compare by their totals; the rest compare row for row. */
function comparable(endpoint: Endpoint, data: readonly EndpointRow[]): unknown {
  return endpoint === "live_requests" ? endpointSummary(endpoint, data) : data;
}

function bucketOf(probe: Probe): string | null {
  return probe.tokenOf ? `${String(jwtPayload(probe.tokenOf.token).name)}|${probe.endpoint}` : null;
}

beforeAll(async () => {
  tb = await spawnLocalServer({ project: "tinybird" });
  await postLiveEvents();
  rows = await loadTenantRows(sql);
  const orgUsers = new Map<string, string[]>();
  for (const row of rows) orgUsers.set(row.org, [...new Set([...(orgUsers.get(row.org) ?? []), row.user])]);
  const { pipes } = (await (
    await fetch(`${tb.url}/v0/pipes`, { headers: { Authorization: `Bearer ${tb.adminToken}` } })
  ).json()) as {
    pipes: Array<{ id: string; name: string }>;
  };
  const { user_token: userToken } = (await (await fetch(`${tb.url}/tokens`)).json()) as { user_token: string };
  const viewers = await mintViewers();
  ctx = {
    viewers,
    workspaceId: tb.workspaceId,
    adminToken: tb.adminToken,
    userToken,
    pipeIds: new Map(pipes.map((pipe) => [pipe.name, pipe.id])),
    orgUsers,
  };
  for (const viewer of viewers) {
    if (viewer.scope) universes.set(viewer, scopeUniverse(inScope(rows, viewer.scope)));
    for (const endpoint of ENDPOINTS) {
      for (const reference of referencesOf(viewer, endpoint)) {
        const answer = await send({
          path: probePath(ctx, endpoint, new URLSearchParams(referenceParams(endpoint, reference)).toString()),
          headers: { Authorization: `Bearer ${viewer.token}` },
        });
        expect(answer.status, `${viewer.label} ${endpoint} ${reference}: ${answer.error}`).toBe(200);
        references.set(referenceKey(viewer, endpoint, reference), answer.data!);
      }
    }
  }
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

describe("tenant isolation under attack", () => {
  it("covers every demo membership: admins get the org-wide template, members the per-user one, no org no token", () => {
    expect(ctx.viewers.map((viewer) => viewer.label)).toEqual([
      "ada@acme (admin)",
      "grace@acme (member)",
      "grace@globex (member)",
      "linus@globex (admin)",
      "margaret@initech (member)",
      "nora (no org)",
    ]);
    for (const viewer of ctx.viewers.filter((candidate) => candidate.scope)) {
      const scopes = jwtPayload(viewer.token).scopes as Array<{ fixed_params: Record<string, unknown> }>;
      expect(scopes).toHaveLength(ENDPOINTS.length);
      for (const scope of scopes) expect(scope.fixed_params).toEqual(viewer.scope);
    }
  });

  it("every reference answer is exactly the tenant's own rows, by direct SQL on the data", () => {
    const inRange = (row: TenantRow) => row.timestamp >= FULL_RANGE.date_from && row.timestamp < FULL_RANGE.date_to;
    for (const viewer of ctx.viewers.filter((candidate) => candidate.scope)) {
      const own = inScope(rows, viewer.scope!);
      for (const endpoint of ENDPOINTS) {
        const window =
          endpoint === "live_requests"
            ? own.filter((row) => row.time >= liveSince)
            : endpoint === "recent_requests"
              ? own
              : own.filter(inRange);
        const expected: Record<Reference, TenantRow[]> = {
          baseline: window,
          "empty-user": [],
          "errors-only": window.filter((row) => row.status >= 400),
        };
        for (const reference of referencesOf(viewer, endpoint)) {
          const data = references.get(referenceKey(viewer, endpoint, reference))!;
          expect(endpointSummary(endpoint, data), `${viewer.label} ${endpoint} ${reference}`).toEqual(
            expectedSummary(endpoint, expected[reference], { limit: 500 }),
          );
        }
        expect(own.length, `${viewer.label} owns rows`).toBeGreaterThan(0);
      }
    }
  });

  it("answers thousands of adversarial requests with the tenant's own rows or Tinybird's error, and leaks no row", async () => {
    const probes = adversarialRequests(ctx);
    const started = performance.now();
    const answers = await pacedRequests(probes, { concurrency: 4, intervalMs: 110, bucket: bucketOf }, (probe) =>
      send(probe),
    );
    const seconds = (performance.now() - started) / 1000;

    let leaked = 0;
    const failures: string[] = [];
    const byFamily = new Map<string, number>();
    for (const { item: probe, result: answer } of answers) {
      byFamily.set(probe.family, (byFamily.get(probe.family) ?? 0) + 1);
      const where = `${probe.family} ${probe.tokenOf?.label ?? "forged token"} ${probe.endpoint} [${probe.label}]`;
      if (answer.status === 200 && answer.data) {
        leaked += probe.tokenOf?.scope
          ? leakedRows(probe.endpoint, answer.data, universes.get(probe.tokenOf)!)
          : answer.data.length;
      }
      const expected = probe.expect;
      if (expected.kind === "same-as") {
        const reference = references.get(referenceKey(expected.viewer, probe.endpoint, expected.reference))!;
        if (answer.status !== 200)
          failures.push(`${where}: ${answer.status} ${answer.error}, expected 200 like ${expected.reference}`);
        else if (
          JSON.stringify(comparable(probe.endpoint, answer.data ?? [])) !==
          JSON.stringify(comparable(probe.endpoint, reference))
        ) {
          failures.push(`${where}: rows differ from ${expected.viewer.label}'s ${expected.reference}`);
        }
      } else if (
        answer.status !== expected.status ||
        answer.data !== undefined ||
        !expected.message.test(answer.error ?? "")
      ) {
        failures.push(`${where}: ${answer.status} ${answer.error}, expected ${expected.status} ${expected.message}`);
      }
    }
    const families = [...byFamily].map(([family, count]) => `${family} ${count}`).join(", ");
    console.log(
      `[proof] tenant isolation: ${probes.length} adversarial requests (${families}) in ${seconds.toFixed(1)} s; ` +
        `${leaked} rows leaked; ${failures.length} unexpected answers`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(leaked).toBe(0);
    expect(probes.length).toBeGreaterThan(3000);
  }, 180_000);

  it("an admin narrowing to a member of two orgs sees only that member's rows in the admin's org", async () => {
    const ada = ctx.viewers.find((viewer) => viewer.label === "ada@acme (admin)")!;
    const params = new URLSearchParams({ ...FULL_RANGE, user: "user_local_grace", limit: "100" }).toString();
    const graceAtAcme = inScope(rows, { org: "acme", user: "user_local_grace" }).filter(
      (row) => row.timestamp >= FULL_RANGE.date_from && row.timestamp < FULL_RANGE.date_to,
    );
    for (const endpoint of ["usage_kpis", "member_usage", "top_routes"] as const) {
      const answer = await send({
        path: probePath(ctx, endpoint, params),
        headers: { Authorization: `Bearer ${ada.token}` },
      });
      expect(endpointSummary(endpoint, answer.data!)).toEqual(expectedSummary(endpoint, graceAtAcme));
    }
    expect(graceAtAcme.length).toBeGreaterThan(0);
    expect(inScope(rows, { org: "globex", user: "user_local_grace" }).length).toBeGreaterThan(0);
  });

  it("keeps rate limits per JWT name: one tenant's burst gets 429s with Retry-After, the others don't", async () => {
    const [ada, grace, linus] = ["ada@acme (admin)", "grace@acme (member)", "linus@globex (admin)"].map((label) =>
      ctx.viewers.find((viewer) => viewer.label === label),
    );
    const path = probePath(ctx, "status_codes", new URLSearchParams(FULL_RANGE).toString());
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${tb.url}${path}`, { headers: { Authorization: `Bearer ${ada!.token}` } }),
      ),
    );
    const limited = burst.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((response) => Number(response.headers.get("retry-after")) >= 1)).toBe(true);
    expect(burst.filter((response) => response.status === 200).length).toBeGreaterThan(0);
    for (const other of [grace!, linus!])
      expect((await send({ path, headers: { Authorization: `Bearer ${other.token}` } })).status).toBe(200);
    const otherPipe = probePath(ctx, "regions", new URLSearchParams(FULL_RANGE).toString());
    expect((await send({ path: otherPipe, headers: { Authorization: `Bearer ${ada!.token}` } })).status).toBe(200);
  });

  it("takes the org from the request when a token's scope doesn't pin it: the JWT template is the only tenant boundary", async () => {
    // Tinybird applies fixed_params over request parameters and nothing else; a scope without `org` trusts the
    // client. So the repo's templates are checked (tests/unit/tinybird) and tokenFor refuses such tokens (tests/unit/proof).
    const ada = ctx.viewers[0]!;
    const claims = jwtPayload(ada.token) as { scopes: Array<{ fixed_params: Record<string, unknown> }> };
    const unpinned = { ...claims, scopes: claims.scopes.map((scope) => ({ ...scope, fixed_params: {} })) };
    const { token } = await signTinybirdJwt(
      unpinned as never,
      { workspaceId: tb.workspaceId, secret: tb.adminToken },
      300,
    );
    const path = probePath(ctx, "usage_kpis", new URLSearchParams({ ...FULL_RANGE, org: "initech" }).toString());
    const answer = await send({ path, headers: { Authorization: `Bearer ${token}` } });
    const initech = inScope(rows, { org: "initech" }).filter(
      (row) => row.timestamp >= FULL_RANGE.date_from && row.timestamp < FULL_RANGE.date_to,
    );
    expect(endpointSummary("usage_kpis", answer.data!)).toEqual(expectedSummary("usage_kpis", initech));
  });
});
