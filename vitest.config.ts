import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Each runner has its own suffix and folder: Vitest owns *.test.ts, Playwright owns tests/e2e/*.spec.ts. The local
// Tinybird server's own tests (packages/tinybird-local/tests) run in the same two projects.
export default defineConfig({
  // Tests run server modules in plain Node, where `server-only` would throw: resolve it as Next does on the server.
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "packages/*/tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "packages/*/tests/integration/**/*.test.ts"],
          environment: "node",
          // Every file starts real servers (chDB, Next.js); two cores don't fit more than one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
