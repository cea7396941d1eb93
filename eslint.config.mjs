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

// An async component reaches the browser as a lazy child of its parent element; when that child resolves while React
// 19.2 hydrates the parent, React can misplace its hydration cursor and report a mismatch on an identical tree
// (react/react#37584). Outside app/'s pages and layouts (which Next's router places), await a function instead.
const noAsyncComponents = {
  "no-restricted-syntax": [
    "error",
    {
      selector: "FunctionDeclaration[async=true][id.name=/^[A-Z]/]",
      message:
        "No async components outside app/: write an async function returning the element and await it in the page or layout (react/react#37584).",
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
  { files: ["components/**", "lib/**"], rules: noAsyncComponents },
];

export default config;
