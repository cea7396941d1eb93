// `npm run bench:middleware`: what minting and forwarding the Tinybird token adds to an authenticated request.
// Each scenario runs `next start` on a test build and times GET /api/tinybird-token, interleaving a user with an
// active org (auth + token) and a user without one (the same auth work, no token), so the difference is the token.
import { spawnSync } from "node:child_process";
import { startClerkStandIn, type ClerkStandIn } from "../tests/support/clerk-stand-in";
import { startNextServer } from "../tests/support/next-server";
import { TEST_CLERK_SECRET_KEY, type TestBuildMode } from "../tests/support/test-builds";

const WARMUP = 30;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const SIGNING_KEY = "p.bench-tinybird-admin-token";
const WORKSPACE_ID = "ws_bench";

interface Scenario {
  label: string;
  mode: TestBuildMode;
  env: Record<string, string>;
  /** Request headers for a user with an active org, and for one without. */
  withToken: Record<string, string>;
  withoutToken: Record<string, string>;
}

async function localSessionCookie(url: string, userId: string): Promise<string> {
  const response = await fetch(`${url}/api/local-auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

async function time(url: string, headers: Record<string, string>, expectedStatus: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/tinybird-token`, { headers });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== expectedStatus) throw new Error(`expected ${expectedStatus}, got ${response.status}`);
  return elapsed;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(scenario: Scenario): Promise<void> {
  const app = await startNextServer({ mode: scenario.mode, env: scenario.env });
  try {
    const headers = { withToken: { ...scenario.withToken }, withoutToken: { ...scenario.withoutToken } };
    if (scenario.mode === "local") {
      headers.withToken.cookie = await localSessionCookie(app.url, "user_local_grace");
      headers.withoutToken.cookie = await localSessionCookie(app.url, "user_local_nora");
    }
    const samples = { withToken: [] as number[], withoutToken: [] as number[] };
    for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
      const a = await time(app.url, headers.withToken, 200);
      const b = await time(app.url, headers.withoutToken, 403);
      if (i >= WARMUP) {
        samples.withToken.push(a);
        samples.withoutToken.push(b);
      }
    }
    const [on, off] = [samples.withToken.sort((x, y) => x - y), samples.withoutToken.sort((x, y) => x - y)];
    const row = (name: string, values: number[]) =>
      `  ${name.padEnd(22)} p50 ${percentile(values, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(2).padStart(7)} ms`;
    console.log(`\n${scenario.label}`);
    console.log(row("with token", on));
    console.log(row("without token", off));
    console.log(
      `  added by the token      p50 ${(percentile(on, 50) - percentile(off, 50)).toFixed(2).padStart(7)} ms`,
    );
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  const build = spawnSync("npx", ["tsx", "scripts/build-test.ts"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(
    `\nGET /api/tinybird-token, ${SAMPLES} sequential requests per variant after ${WARMUP} warm-up, next start, loopback`,
  );

  const localEnv = { TINYBIRD_JWT_SECRET: SIGNING_KEY, TINYBIRD_WORKSPACE_ID: WORKSPACE_ID };
  await run({
    label: "local mode (self-signed, cached)",
    mode: "local",
    env: localEnv,
    withToken: {},
    withoutToken: {},
  });
  await run({
    label: "local mode (self-signed on every request, cache off)",
    mode: "local",
    env: { ...localEnv, TINYBIRD_TOKEN_CACHE_SIZE: "0" },
    withToken: {},
    withoutToken: {},
  });

  const standIn: ClerkStandIn = await startClerkStandIn({ signingKey: SIGNING_KEY, workspaceId: WORKSPACE_ID });
  try {
    const clerkEnv = {
      CLERK_SECRET_KEY: TEST_CLERK_SECRET_KEY,
      CLERK_API_URL: standIn.url,
      CLERK_JWT_KEY: standIn.jwtKeyPem,
    };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const member = bearer(
      standIn.sessionToken({
        userId: "user_bench",
        sessionId: "sess_bench",
        org: { id: "org_bench", slug: "acme", role: "member" },
      }),
    );
    const orgless = bearer(standIn.sessionToken({ userId: "user_bench_noorg", sessionId: "sess_bench_noorg" }));

    await run({
      label: "clerk mode (Clerk JWT template, cached)",
      mode: "clerk",
      env: clerkEnv,
      withToken: member,
      withoutToken: orgless,
    });
    const hitsBefore = standIn.hits();
    standIn.behave({ kind: "slow", delayMs: 50 });
    await run({
      label:
        "clerk mode, cache off, Backend API stand-in adding 50 ms (a getToken round trip per request, as in the seed)",
      mode: "clerk",
      env: { ...clerkEnv, TINYBIRD_TOKEN_CACHE_SIZE: "0" },
      withToken: member,
      withoutToken: orgless,
    });
    console.log(`  Backend API calls during that run: ${standIn.hits() - hitsBefore}`);
  } finally {
    await standIn.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
