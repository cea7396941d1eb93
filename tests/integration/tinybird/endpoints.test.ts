// The Tinybird project's endpoints on the local server over the committed fixture: the tb-format YAML tests,
// agreement with direct SQL on the raw rows (rollups + raw edges must add up exactly), tenancy through real JWTs
// minted from the repo's templates, and fail-closed behaviour when a token carries no organization.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { renderJwtTemplate } from "@/lib/tinybird/render-jwt-template";
import { signTinybirdJwt } from "@/lib/tinybird/sign-tinybird-jwt";
import { endpointResult, loadEndpointTests, parseNdjson } from "@/scripts/support/endpoint-tests";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";

let tb: LocalServerProcess;
beforeAll(async () => {
  tb = await spawnLocalServer({ project: "tinybird" });
});
afterAll(async () => {
  await tb?.stop();
});

type Row = Record<string, unknown>;

async function pipe(
  name: string,
  params: Record<string, string>,
  token = tb.adminToken,
): Promise<{ status: number; body: Row }> {
  const response = await fetch(`${tb.url}/v0/pipes/${name}.json?${new URLSearchParams(params)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Row };
}

async function rows(name: string, params: Record<string, string>, token?: string): Promise<Row[]> {
  const { status, body } = await pipe(name, params, token);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data as Row[];
}

async function sql(query: string): Promise<Row[]> {
  const response = await fetch(`${tb.url}/v0/sql`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tb.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ q: `${query} FORMAT JSON` }),
  });
  const body = (await response.json()) as Row;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.data as Row[];
}

async function jwt(template: "tinybird" | "tinybird_admin", user: string, org: string | null, overrides: Row = {}) {
  const claims = renderJwtTemplate(JWT_TEMPLATES[template]!, {
    user: { id: user },
    org:
      org === null
        ? null
        : { slug: org, id: `org_local_${org}`, role: template === "tinybird_admin" ? "org:admin" : "org:member" },
  });
  const { token } = await signTinybirdJwt(
    { ...claims, ...overrides } as never,
    { workspaceId: tb.workspaceId, secret: tb.adminToken },
    300,
  );
  return token;
}

const ENDPOINTS = [
  "usage_kpis",
  "requests_over_time",
  "latency_over_time",
  "top_routes",
  "status_codes",
  "regions",
  "member_usage",
  "live_requests",
  "recent_requests",
];

// The same estimator the endpoints use, computed here over raw rows: the rollups must reproduce it exactly.
const RAW_PERCENTILES = `
  sumMap(map(toUInt8(least(63, floor(log(greatest(latency_ms, 1)) / log(1.2)))), toUInt64(1))) AS h,
  arrayCumSum(mapValues(h)) AS c,
  arrayMap(q -> arrayFirstIndex(x -> x >= q * count(), c), [0.5, 0.95]) AS qi,
  arrayMap((q, i) -> round(pow(1.2, mapKeys(h)[i] + (q * count() - c[i] + mapValues(h)[i]) / mapValues(h)[i]), 1), [0.5, 0.95], qi) AS p`;

function rangeFilter(from: string, to: string, tz: string) {
  return `timestamp >= toDateTime64('${from}', 3, '${tz}') AND timestamp < toDateTime64('${to}', 3, '${tz}')`;
}

describe("tinybird/tests/*.yaml", () => {
  const tests = loadEndpointTests(path.resolve("tinybird/tests"));
  it("covers every endpoint that answers for a fixed range", () => {
    expect(new Set(tests.map((test) => test.pipe))).toEqual(
      new Set(ENDPOINTS.filter((name) => name !== "live_requests")),
    );
  });
  for (const test of tests) {
    it(`${test.pipe}: ${test.name}`, async () => {
      const actual = parseNdjson(await endpointResult(tb.url, tb.adminToken, test));
      expect(actual).toEqual(parseNdjson(test.expected_result));
    });
  }
});

describe("endpoints agree with direct SQL on the raw rows", () => {
  const cases = [
    { org: "acme", user: undefined, from: "2026-11-03 10:07:00", to: "2026-11-17 16:52:30", tz: "Asia/Kolkata" },
    {
      org: "globex",
      user: "user_local_grace",
      from: "2026-10-30 00:00:00",
      to: "2026-11-20 00:00:00",
      tz: "America/New_York",
    },
    { org: "initech", user: undefined, from: "2026-11-18 09:00:00", to: "2026-11-18 11:30:00", tz: "UTC" },
  ];
  for (const c of cases) {
    const label = `${c.org}${c.user ? `/${c.user}` : ""} ${c.from} → ${c.to} ${c.tz}`;
    const params = {
      org: c.org,
      date_from: c.from,
      date_to: c.to,
      timezone: c.tz,
      ...(c.user ? { user: c.user } : {}),
    };
    const where = `org = '${c.org}' ${c.user ? `AND user = '${c.user}'` : ""} AND ${rangeFilter(c.from, c.to, c.tz)}`;

    it(`usage_kpis ${label}`, async () => {
      const [kpis] = await rows("usage_kpis", params);
      const [raw] =
        await sql(`SELECT count() AS requests, countIf(status >= 400) AS errors, uniqExact(user) AS active_members,
        sum(bytes) AS bytes, ${RAW_PERCENTILES} FROM api_requests WHERE ${where}`);
      expect(kpis).toMatchObject({
        requests: raw!.requests,
        errors: raw!.errors,
        active_members: raw!.active_members,
        bytes: raw!.bytes,
        latency_p50: (raw!.p as number[])[0],
        latency_p95: (raw!.p as number[])[1],
      });
      expect(kpis!.requests).toBeGreaterThan(0);
    });

    it(`requests_over_time ${label}`, async () => {
      const series = await rows("requests_over_time", params);
      const spanMinutes = (Date.parse(c.to) - Date.parse(c.from)) / 60_000;
      const bucket =
        spanMinutes <= 180
          ? "toStartOfMinute"
          : spanMinutes <= 2880
            ? "toStartOfFifteenMinutes"
            : spanMinutes <= 20160
              ? "toStartOfHour"
              : "toStartOfDay";
      const raw = await sql(`SELECT toString(${bucket}(toDateTime(timestamp, '${c.tz}'))) AS t, count() AS requests,
        countIf(status >= 500) AS requests_5xx FROM api_requests WHERE ${where} GROUP BY t ORDER BY t`);
      const nonEmpty = series.filter((point) => (point.requests as number) > 0);
      expect(nonEmpty.map(({ t, requests, requests_5xx }) => ({ t, requests, requests_5xx }))).toEqual(raw);
      const total = series.reduce((sum, point) => sum + (point.requests as number), 0);
      const classes = series.reduce(
        (sum, p) =>
          sum +
          (p.requests_2xx as number) +
          (p.requests_3xx as number) +
          (p.requests_4xx as number) +
          (p.requests_5xx as number),
        0,
      );
      expect(classes).toBe(total);
    });

    it(`top_routes, status_codes, regions and member_usage ${label}`, async () => {
      const byRoute = await rows("top_routes", { ...params, limit: "100" });
      const rawRoutes =
        await sql(`SELECT method, route, count() AS requests, countIf(status >= 400) AS errors, ${RAW_PERCENTILES}
        FROM api_requests WHERE ${where} GROUP BY method, route ORDER BY requests DESC, route, method`);
      expect(
        byRoute.map(({ method, route, requests, errors, latency_p95 }) => ({
          method,
          route,
          requests,
          errors,
          latency_p95,
        })),
      ).toEqual(
        rawRoutes.map(({ method, route, requests, errors, p }) => ({
          method,
          route,
          requests,
          errors,
          latency_p95: (p as number[])[1],
        })),
      );
      const byStatus = await rows("status_codes", params);
      const rawStatus = await sql(
        `SELECT status, count() AS requests FROM api_requests WHERE ${where} GROUP BY status ORDER BY requests DESC, status`,
      );
      expect(byStatus.map(({ status, requests }) => ({ status, requests }))).toEqual(rawStatus);
      const byRegion = await rows("regions", params);
      const rawRegions = await sql(
        `SELECT region, count() AS requests, countIf(status >= 400) AS errors FROM api_requests WHERE ${where} GROUP BY region ORDER BY requests DESC, region`,
      );
      expect(byRegion.map(({ region, requests, errors }) => ({ region, requests, errors }))).toEqual(rawRegions);
      const byMember = await rows("member_usage", params);
      const rawMembers = await sql(`SELECT user, count() AS requests, countIf(status >= 400) AS errors,
        toString(toDateTime64(max(timestamp), 3, '${c.tz}')) AS last_seen FROM api_requests WHERE ${where} GROUP BY user ORDER BY requests DESC, user`);
      expect(byMember.map(({ user, requests, errors, last_seen }) => ({ user, requests, errors, last_seen }))).toEqual(
        rawMembers,
      );
    });
  }

  it("percentiles from the histograms stay within 10% of exact quantiles", async () => {
    const [kpis] = await rows("usage_kpis", {
      org: "acme",
      date_from: "2026-10-30 00:00:00",
      date_to: "2026-11-20 00:00:00",
    });
    const [exact] = await sql(
      `SELECT quantileExact(0.5)(latency_ms) AS p50, quantileExact(0.95)(latency_ms) AS p95 FROM api_requests WHERE org = 'acme'`,
    );
    expect(Math.abs((kpis!.latency_p50 as number) / (exact!.p50 as number) - 1)).toBeLessThan(0.1);
    expect(Math.abs((kpis!.latency_p95 as number) / (exact!.p95 as number) - 1)).toBeLessThan(0.1);
  });
});

describe("tenancy through JWTs minted from the repo's templates", () => {
  const range = { date_from: "2026-10-30 00:00:00", date_to: "2026-11-20 00:00:00" };
  const memberships = [
    { user: "user_local_ada", org: "acme", template: "tinybird_admin" as const },
    { user: "user_local_grace", org: "acme", template: "tinybird" as const },
    { user: "user_local_grace", org: "globex", template: "tinybird" as const },
    { user: "user_local_linus", org: "globex", template: "tinybird_admin" as const },
    { user: "user_local_margaret", org: "initech", template: "tinybird" as const },
  ];
  for (const m of memberships) {
    it(`${m.user} in ${m.org} (${m.template}) sees ${m.template === "tinybird" ? "only their own" : "the whole organization's"} rows, whatever they send`, async () => {
      const token = await jwt(m.template, m.user, m.org);
      const scope = m.template === "tinybird" ? `org = '${m.org}' AND user = '${m.user}'` : `org = '${m.org}'`;
      const [expected] = await sql(
        `SELECT count() AS requests FROM api_requests WHERE ${scope} AND ${rangeFilter(range.date_from, range.date_to, "UTC")}`,
      );
      // Members can't widen to someone else's rows; nobody can switch organization. (Admins may narrow by user.)
      const attempts: Array<Record<string, string>> = [
        {},
        { org: "initech" },
        { org: "initech", user: "" },
        ...(m.template === "tinybird" ? [{ org: "acme", user: "user_acme_svc_billing" }, { user: "" }] : []),
      ];
      for (const attempt of attempts) {
        const [kpis] = await rows("usage_kpis", { ...range, ...attempt }, token);
        expect(kpis!.requests, JSON.stringify(attempt)).toBe(expected!.requests);
      }
      const members = await rows("member_usage", { ...range, org: "globex" }, token);
      const users = await sql(`SELECT DISTINCT user FROM api_requests WHERE ${scope} ORDER BY user`);
      expect(members.map((row) => row.user).sort()).toEqual(users.map((row) => row.user));
      const recent = await rows("recent_requests", { limit: "500", org: "initech" }, token);
      const ids = new Set(
        (await sql(`SELECT request_id FROM api_requests WHERE ${scope}`)).map((row) => row.request_id),
      );
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.every((row) => ids.has(row.request_id))).toBe(true);
    });
  }

  for (const [label, org] of [
    ["missing", undefined],
    ["empty", ""],
    ["null", null],
  ] as const) {
    it(`every endpoint refuses a token whose org is ${label}: 400 and no rows`, async () => {
      const base = renderJwtTemplate(JWT_TEMPLATES.tinybird_admin!, {
        user: { id: "user_local_ada" },
        org: { slug: "acme" },
      });
      const scopes = (base.scopes as Array<{ resource: string; fixed_params: Row }>).map((scope) => {
        const fixed: Row = { ...scope.fixed_params };
        if (org === undefined) delete fixed.org;
        else fixed.org = org;
        return { ...scope, fixed_params: fixed };
      });
      const { token } = await signTinybirdJwt(
        { ...base, scopes } as never,
        { workspaceId: tb.workspaceId, secret: tb.adminToken },
        300,
      );
      for (const name of ENDPOINTS) {
        const { status, body } = await pipe(name, range, token);
        expect(status, `${name}: ${JSON.stringify(body)}`).toBe(400);
        expect(body.data, name).toBeUndefined();
        expect(String(body.error), name).toMatch(/org parameter is required/);
      }
    });
  }

  it("the shared pipes endpoints read FROM are no endpoints: neither a tenant's token nor the admin's reads them", async () => {
    const member = await jwt("tinybird", "user_local_grace", "acme");
    for (const name of ["tenant_scope", "request_scope", "usage_over_time"]) {
      expect((await pipe(name, { org: "globex" }, member)).status, name).toBe(403);
      expect((await pipe(name, { org: "globex" })).status, name).toBe(404);
    }
  });

  it("an admin token without org gets 400 too: no endpoint ever answers for every tenant", async () => {
    for (const name of ENDPOINTS) {
      const { status } = await pipe(name, range);
      expect(status, name).toBe(400);
    }
  });
});

describe("live endpoints", () => {
  it("show events posted a moment ago, for their organization only", async () => {
    const now = Date.now();
    const events = [0, 1, 2].map((i) => ({
      timestamp: new Date(now - i * 1000).toISOString(),
      org: "initech",
      user: "user_local_margaret",
      request_id: `req_live_${now}_${i}`,
      method: "GET",
      route: "/v1/live",
      status: i === 0 ? 503 : 200,
      latency_ms: 12.5,
      region: "ap-south-1",
    }));
    const response = await fetch(`${tb.url}/v0/events?name=api_requests&wait=true`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tb.adminToken}` },
      body: events.map((event) => JSON.stringify(event)).join("\n"),
    });
    expect(await response.json()).toEqual({ successful_rows: 3, quarantined_rows: 0 });

    const token = await jwt("tinybird", "user_local_margaret", "initech");
    const live = await rows("live_requests", {}, token);
    expect(live).toHaveLength(30);
    expect(live.reduce((sum, point) => sum + (point.requests as number), 0)).toBe(3);
    expect(live.reduce((sum, point) => sum + (point.requests_5xx as number), 0)).toBe(1);
    const recent = await rows("recent_requests", { limit: "3" }, token);
    expect(recent.map((row) => row.request_id)).toEqual(events.map((event) => event.request_id));

    const otherOrg = await rows("live_requests", {}, await jwt("tinybird_admin", "user_local_ada", "acme"));
    expect(otherOrg.reduce((sum, point) => sum + (point.requests as number), 0)).toBe(0);
  });
});
