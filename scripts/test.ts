// `npm test`: every kind of test, cheapest first, stopping at the first failing kind.
import { spawnSync } from "node:child_process";

const steps: Array<[label: string, command: string, args: string[]]> = [
  ["type check", "npx", ["tsc", "--noEmit"]],
  ["lint and format", "npm", ["run", "--silent", "lint"]],
  ["unit tests", "npx", ["vitest", "run", "--project", "unit"]],
  ["test builds of the app", "npx", ["tsx", "scripts/build-test.ts"]],
  ["integration tests", "npx", ["vitest", "run", "--project", "integration"]],
  ["end-to-end tests", "npx", ["playwright", "test"]],
];

for (const [label, command, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const { status } = spawnSync(command, args, { stdio: "inherit" });
  console.log(`◀ ${label}: ${status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) process.exit(status ?? 1);
}
