// Builds the app once per auth mode for the integration and e2e tests (`next start` needs a production build;
// the Clerk publishable key is baked in at build time). A build whose inputs haven't changed is reused.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isolatedEnv, TEST_BUILDS, writeDistTsconfig, type TestBuildMode } from "../tests/support/test-builds";

const root = path.resolve(import.meta.dirname, "..");
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "middleware.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full).flatMap((name) => files(path.join(entry, name)));
}

function inputsHash(mode: TestBuildMode): string {
  const hash = createHash("sha256").update(JSON.stringify(TEST_BUILDS[mode]));
  for (const file of INPUTS.flatMap(files).sort())
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

function build(mode: TestBuildMode): void {
  const { distDir, buildEnv } = TEST_BUILDS[mode];
  const stampFile = path.join(root, `${distDir}.inputs`);
  const hash = inputsHash(mode);
  if (
    existsSync(path.join(root, distDir, "BUILD_ID")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === hash
  ) {
    console.log(`${mode}: ${distDir} is up to date`);
    return;
  }
  mkdirSync(path.dirname(path.join(root, distDir)), { recursive: true });
  writeDistTsconfig(root, distDir);
  const started = Date.now();
  const env = isolatedEnv({ ...buildEnv, NEXT_DIST_DIR: distDir });
  const { status } = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env });
  if (status !== 0) {
    console.error(`${mode}: next build failed (exit ${status})`);
    process.exit(status ?? 1);
  }
  writeFileSync(stampFile, hash);
  console.log(`${mode}: built ${distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const requested = process.argv.slice(2) as TestBuildMode[];
for (const mode of requested.length > 0 ? requested : (["local", "clerk"] as const)) {
  if (!(mode in TEST_BUILDS)) throw new Error(`Unknown test build "${mode}"; expected local or clerk`);
  build(mode);
}
