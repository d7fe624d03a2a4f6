import tseslint from "typescript-eslint";

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
    // analysis/ is pure: numbers in, numbers out (STYLE.md, "the shape at a glance").
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
    // Migrations run against any schema version, so they use Kysely<any> (STYLE.md §6).
    files: ["migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
