import type { NextConfig } from "next";
import { serverEnv } from "./lib/env";
import { jwtTemplate } from "./lib/tinybird/jwt-templates";

// Validating here makes a bad environment fail `next build` and `next start`, naming each variable.
const env = serverEnv();
if (env.tokenSource === "self-signed") {
  jwtTemplate(env.CLERK_JWT_TEMPLATE, "CLERK_JWT_TEMPLATE");
  jwtTemplate(env.CLERK_ADMIN_JWT_TEMPLATE, "CLERK_ADMIN_JWT_TEMPLATE");
}

const nextConfig: NextConfig = {
  distDir: env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // Test builds (scripts/build-test.ts) get their own tsconfig so Next doesn't add their type globs to
  // tsconfig.json, and skip the type-check and lint that `npm run typecheck` / `npm run lint` already do.
  ...(env.NEXT_DIST_DIR && {
    typescript: { tsconfigPath: `${env.NEXT_DIST_DIR}.tsconfig.json`, ignoreBuildErrors: true },
    eslint: { ignoreDuringBuilds: true },
  }),
};

export default nextConfig;
