// The two production builds the integration and e2e tests run (made by scripts/build-test.ts), and the
// fixed test credentials baked into or passed to them. None of these are real keys.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ENV_HINTS } from "@/lib/env";

/** pk_live_ (a production instance) so cookie sessions never need Clerk's dev-browser handshake. */
export const TEST_CLERK_PUBLISHABLE_KEY = `pk_live_${Buffer.from("clerk.starter.test$").toString("base64").replace(/=+$/, "")}`;
export const TEST_CLERK_FRONTEND_API = "https://clerk.starter.test";
export const TEST_CLERK_SECRET_KEY = "sk_live_starter_test_secret_key";
export const TEST_LOCAL_AUTH_SECRET = "starter-test-local-auth-secret-0123456789";

export type TestBuildMode = "local" | "clerk";

export const TEST_BUILDS: Record<TestBuildMode, { distDir: string; buildEnv: Record<string, string> }> = {
  local: {
    distDir: ".next-test/local",
    buildEnv: { LOCAL_AUTH_ALLOW_PRODUCTION: "true", LOCAL_AUTH_SECRET: TEST_LOCAL_AUTH_SECRET },
  },
  clerk: {
    distDir: ".next-test/clerk",
    buildEnv: {
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: TEST_CLERK_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: TEST_CLERK_SECRET_KEY,
      NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    },
  },
};

/**
 * The environment for a test build or server: every app variable blanked (so a developer's .env.local can't leak
 * in: Next never overrides a variable that is set, and the app reads empty as unset), then `vars`. NODE_ENV is left
 * to Next (the test runner's "test" would put next start in a non-standard mode) unless `vars` sets it.
 */
export function isolatedEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const blanks = Object.fromEntries(Object.keys(ENV_HINTS).map((name) => [name, ""]));
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  Reflect.deleteProperty(inherited, "NODE_ENV");
  return { ...inherited, NEXT_TELEMETRY_DISABLED: "1", ...blanks, ...vars };
}

/**
 * The tsconfig next.config.ts points a NEXT_DIST_DIR build at: it already lists the type glob Next wants, so Next
 * leaves it (and tsconfig.json) alone.
 */
export function writeDistTsconfig(root: string, distDir: string): void {
  writeFileSync(
    path.join(root, `${distDir}.tsconfig.json`),
    JSON.stringify({
      extends: "../tsconfig.json",
      compilerOptions: { paths: { "@/*": ["../*"] } },
      include: ["../next-env.d.ts", "../**/*.ts", "../**/*.tsx", `${distDir}/types/**/*.ts`],
    }),
  );
}
