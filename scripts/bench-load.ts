// `npm run bench:load`: N simulated users against `next start` (the local-auth production test build) and the
// local Tinybird server on loopback, over demo data. Each user signs in, loads the dashboard (the middleware mints
// their token), requests every endpoint once as the dashboard does on load, then polls live_requests every 5 s.
// Prints requests/s, p50/p95/p99 and errors per kind of request, then checks that a burst above a JWT's
// limits.rps from one token name gets 429 for the excess (within ±10%).
// Flags: --users 50  --duration 60 (s)  --rows 1000000  --ramp 10 (s over which users arrive)
// Needs the test build: `npm run build:test`.
import { parseArgs } from "node:util";
import { JWT_TEMPLATES } from "@/lib/tinybird/jwt-templates";
import { LOCAL_USERS } from "@/lib/auth/local-directory";
import { startNextServer, type NextServer } from "@/tests/support/next-server";
import { spawnLocalServer, type LocalServerProcess } from "tinybird-local-chdb";
import { seedDemoData } from "./seed-demo-data";
import { latencyStats, ms } from "./support/latency-stats";
import { connectTinybird } from "./support/tinybird-admin";

const ON_LOAD = [
  "usage_kpis",
  "requests_over_time",
  "latency_over_time",
  "top_routes",
  "status_codes",
  "regions",
  "member_usage",
  "recent_requests",
];
const LIVE_POLL_MS = 5_000;
const TOLERANCE = 0.1;

type Kind = "dashboard page" | "endpoints on load" | "live polls";

interface Sample {
  kind: Kind;
  ms: number;
  status: number;
}

function wallClock(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function positive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
  return number;
}

async function timed(kind: Kind, samples: Sample[], request: () => Promise<Response>): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const response = await request();
    await response.arrayBuffer();
    samples.push({ kind, ms: performance.now() - started, status: response.status });
    return response;
  } catch {
    samples.push({ kind, ms: performance.now() - started, status: 0 });
    return undefined;
  }
}

async function signIn(app: NextServer, userId: string, orgSlug: string): Promise<string> {
  const response = await fetch(`${app.url}/api/local-auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId, orgSlug }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${userId} in ${orgSlug} answered ${response.status}`);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

/** One simulated user: sign in, load the dashboard, fetch every widget once, then poll the live tile. */
async function simulateUser(
  app: NextServer,
  tb: LocalServerProcess,
  membership: { userId: string; org: string },
  until: number,
  samples: Sample[],
): Promise<void> {
  const cookie = await signIn(app, membership.userId, membership.org);
  const page = await timed("dashboard page", samples, () => fetch(`${app.url}/dashboard`, { headers: { cookie } }));
  const token = page?.headers.get("x-tinybird-token");
  if (!token) return;
  const headers = { Authorization: `Bearer ${token}` };
  const now = new Date();
  const range = new URLSearchParams({
    date_from: wallClock(new Date(now.getTime() - 86_400_000)),
    date_to: wallClock(now),
    timezone: "UTC",
  });
  const pipe = (name: string, params: URLSearchParams) => `${tb.url}/v0/pipes/${name}.json?${params}`;
  const poll = () =>
    timed("live polls", samples, () =>
      fetch(pipe("live_requests", new URLSearchParams({ timezone: "UTC" })), { headers }),
    );
  await Promise.all([
    ...ON_LOAD.map((name) => timed("endpoints on load", samples, () => fetch(pipe(name, range), { headers }))),
    poll(),
  ]);
  while (Date.now() + LIVE_POLL_MS < until) {
    await new Promise((resolve) => setTimeout(resolve, LIVE_POLL_MS));
    await poll();
  }
}

function report(samples: Sample[], seconds: number): void {
  console.log(
    `${"kind".padEnd(18)} ${"requests".padStart(8)} ${"req/s".padStart(7)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"errors".padStart(7)} ${"429s".padStart(5)}`,
  );
  const kinds: Array<Kind | "all"> = ["dashboard page", "endpoints on load", "live polls", "all"];
  for (const kind of kinds) {
    const chosen = kind === "all" ? samples : samples.filter((sample) => sample.kind === kind);
    const stats = latencyStats(chosen.map((sample) => sample.ms));
    const errors = chosen.filter((sample) => sample.status !== 200).length;
    const limited = chosen.filter((sample) => sample.status === 429).length;
    console.log(
      `${kind.padEnd(18)} ${String(stats.count).padStart(8)} ${(stats.count / seconds).toFixed(1).padStart(7)} ${ms(stats.p50)} ${ms(stats.p95)} ${ms(stats.p99)} ${String(errors).padStart(7)} ${String(limited).padStart(5)}`,
    );
  }
}

/**
 * Sends `requests` from one token (one JWT name) to one pipe, `perSecond` apart (Infinity: all at once), and
 * compares the accepted count with Tinybird's GCRA budget: `rps + 1` at once, then `rps` per second.
 */
async function rateLimitCheck(
  tb: LocalServerProcess,
  token: string,
  rps: number,
  requests: number,
  perSecond: number,
): Promise<boolean> {
  const url = `${tb.url}/v0/pipes/status_codes.json`;
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const due = started + (i * 1000) / perSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  const accepted = statuses.filter((status) => status === 200).length;
  const limited = statuses.filter((status) => status === 429).length;
  // The requests span (requests - 1) / perSecond seconds, during which the budget refills at rps.
  const expected = Math.min(requests, rps + 1 + Math.floor((rps * (requests - 1)) / perSecond));
  const ok = Math.abs(accepted - expected) <= Math.max(1, TOLERANCE * expected) && accepted + limited === requests;
  const pace = perSecond === Number.POSITIVE_INFINITY ? "at once" : `at ${perSecond} req/s`;
  console.log(
    `  ${requests} requests ${pace}: ${accepted} accepted, ${limited} × 429 (expected ${expected} accepted ± 10%): ${ok ? "ok" : "OUT OF TOLERANCE"}`,
  );
  return ok;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "50" },
      duration: { type: "string", default: "60" },
      rows: { type: "string", default: "1000000" },
      ramp: { type: "string", default: "10" },
    },
  });
  const users = positive("users", values.users);
  const duration = positive("duration", values.duration);
  const rows = positive("rows", values.rows);
  const ramp = positive("ramp", values.ramp);

  const tb = await spawnLocalServer({ project: "tinybird", args: ["--no-fixtures"] });
  let app: NextServer | undefined;
  try {
    const seeding = Date.now();
    await seedDemoData(await connectTinybird(tb.url), {
      rows,
      days: 90,
      seed: 42,
      reset: true,
      log: (line) => console.log(line),
    });
    console.log(`Seeded ${rows.toLocaleString("en")} demo rows in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    app = await startNextServer({ mode: "local", env: { NEXT_PUBLIC_TINYBIRD_API_URL: tb.url } });

    const memberships = LOCAL_USERS.flatMap((user) =>
      user.memberships.map((membership) => ({ userId: user.id, org: membership.org.slug })),
    );
    console.log(
      `\n${users} users over ${ramp} s, each for ${duration} s: GET /dashboard, ${ON_LOAD.length} endpoints once, live_requests every ${LIVE_POLL_MS / 1000} s ` +
        `(${memberships.length} demo memberships, so users share JWT names and their rate-limit budgets)`,
    );
    const samples: Sample[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: users }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * ramp * 1000) / users));
        await simulateUser(app!, tb, memberships[i % memberships.length]!, Date.now() + duration * 1000, samples);
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    report(samples, seconds);

    const rps = Number((JWT_TEMPLATES.tinybird!.limits as { rps: number }).rps);
    console.log(`\nRate limit: limits.rps = ${rps} per pipe per JWT name (a fresh session's token, status_codes)`);
    const cookie = await signIn(app, "user_local_margaret", "initech");
    const tokenResponse = await fetch(`${app.url}/api/tinybird-token`, { headers: { cookie } });
    const { token } = (await tokenResponse.json()) as { token: string };
    const burst = await rateLimitCheck(tb, token, rps, rps * 3, Number.POSITIVE_INFINITY);
    // Let the budget refill before the sustained run.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const sustained = await rateLimitCheck(tb, token, rps, rps * 3 * 10, rps * 3);
    const errors = samples.filter((sample) => sample.status !== 200).length;
    if (!burst || !sustained || errors > 0) process.exitCode = 1;
  } finally {
    await app?.stop();
    await tb.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
