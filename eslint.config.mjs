import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FlatCompat } from "@eslint/eslintrc";

const compat = new FlatCompat({ baseDirectory: dirname(fileURLToPath(import.meta.url)) });

// Browser code never imports server modules (tokens, signing keys, request headers): they live in
// lib/tinybird/server/ and import "server-only", and this rule says so before a build does.
const noServerImports = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ["@/lib/tinybird/server/*", "**/tinybird/server/*"],
          message: "lib/tinybird/server/ is server-only; browser and shared code can't import it.",
        },
      ],
    },
  ],
};

const config = [
  {
    ignores: [
      ".next/**",
      ".next-test/**",
      ".tinybird-local/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...compat.extends("next/core-web-vitals", "next/typescript"),
  {
    files: ["lib/tinybird/client/**", "lib/tinybird/*.ts", "lib/dashboard/**", "components/**"],
    rules: noServerImports,
  },
];

export default config;
