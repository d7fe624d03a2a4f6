import { readdirSync } from "node:fs";
import tseslint from "typescript-eslint";

// The kernel every feature may use; every other folder under api/ is a feature.
const kernel = ["http", "db"];
const features = readdirSync(new URL("./api", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !kernel.includes(entry.name))
  .map((entry) => entry.name);
const roomRule = (prefix) => ({
  regex: `^${prefix}(?!(?:${kernel.join("|")})/)[a-z-]+/(?!index\\.ts$)`,
  message:
    "a feature reaches another only through its index.ts (the kernel, api/http and api/db, is open)",
});

export default tseslint.config(
  { ignores: ["node_modules/**", "survey-web/dist/**", "data/**", ".tmp/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // analysis/ is pure: numbers in, numbers out.
    files: ["analysis/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:*",
                "fs",
                "path",
                "kysely",
                "pg",
                "hono",
                "hono/*",
                "@hono/*",
                "@electric-sql/*",
              ],
              message: "analysis/ stays free of I/O",
            },
            {
              group: ["../api/*", "../survey-web/*", "../migrations/*"],
              message: "analysis/ imports nothing of ours",
            },
          ],
        },
      ],
    },
  },
  {
    // Each feature is a room: its neighbours' public surface (index.ts) and the kernel only.
    files: features.map((feature) => `api/${feature}/*.ts`),
    rules: { "no-restricted-imports": ["error", { patterns: [roomRule("\\.\\./")] }] },
  },
  {
    files: features.map((feature) => `api/${feature}/*/**/*.ts`),
    rules: { "no-restricted-imports": ["error", { patterns: [roomRule("\\.\\./\\.\\./")] }] },
  },
  {
    files: ["api/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [roomRule("\\./")] }] },
  },
  ...[
    ["*.ts", "\\.\\./"],
    ["*/**/*.ts", "\\.\\./\\.\\./"],
  ].map(([depth, up]) => ({
    // The kernel serves the features and knows none of them.
    files: kernel.map((folder) => `api/${folder}/${depth}`),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^${up}(?:${features.join("|")})/`,
              message: "the kernel (api/http, api/db) imports no feature",
            },
          ],
        },
      ],
    },
  })),
  {
    // The pages reach the API over HTTP; from its code they take types only.
    files: ["survey-web/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/api/**"],
              allowTypeImports: true,
              message: "survey-web/ imports only types from api/",
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations run against any schema version, so they use Kysely<any>.
    files: ["migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
