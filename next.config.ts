import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { serverEnvFor, type BuildKind } from "./lib/env";
import { staticSecurityHeaders } from "./lib/security-headers";
import { jwtTemplate } from "./lib/tinybird/jwt-templates";

export default function nextConfig(phase: string): NextConfig {
  const build: BuildKind = phase === PHASE_DEVELOPMENT_SERVER ? "dev-server" : "production-build";
  // Validating here makes a bad environment fail `next build` and `next start`, naming each variable.
  const env = serverEnvFor(build);
  if (env.tokenSource === "self-signed") {
    jwtTemplate(env.CLERK_JWT_TEMPLATE, "CLERK_JWT_TEMPLATE");
    jwtTemplate(env.CLERK_ADMIN_JWT_TEMPLATE, "CLERK_ADMIN_JWT_TEMPLATE");
  }
  // The bundles refuse demo sign-in on their own; this only says so when `next start` starts.
  if (phase === PHASE_PRODUCTION_SERVER && env.localAuthRefusal) {
    console.error(`[local-auth] Demo sign-in is refused. ${env.localAuthRefusal}`);
  }
  return {
    distDir: env.NEXT_DIST_DIR ?? ".next",
    poweredByHeader: false,
    reactStrictMode: true,
    // Baked into the server bundles as a literal (lib/env.ts buildKind): the gate for demo auth can't be reopened by
    // anything set when the server starts.
    compiler: { defineServer: { __STARTER_BUILD__: build } },
    headers: async () => [{ source: "/:path*", headers: staticSecurityHeaders(build === "production-build") }],
    // Test builds (scripts/build-test.ts) get their own tsconfig so Next doesn't add their type globs to
    // tsconfig.json, and skip the type-check and lint that `npm run typecheck` / `npm run lint` already do.
    ...(env.NEXT_DIST_DIR && {
      typescript: { tsconfigPath: `${env.NEXT_DIST_DIR}.tsconfig.json`, ignoreBuildErrors: true },
      eslint: { ignoreDuringBuilds: true },
    }),
  };
}
