import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "prisma/generated/**", "data/**", "test-artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["miniapp/src/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["scripts/**"],
    rules: { "no-console": "off" },
  },
  // Dependencies run one way (README, "Where things live"): bot/ and the composition root use the domain; the domain
  // (api/src/modules, api/src/lib, prisma/client.ts) imports neither bot/ nor the HTTP wiring. Tests may use fakes.
  {
    files: ["api/src/modules/**/*.ts", "api/src/lib/**/*.ts", "prisma/client.ts"],
    ignores: ["**/*.test.ts", "**/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@cleaning/bot", "@cleaning/bot/*", "**/bot/src/**"],
              message: "The domain must not import the bot: the bot uses the domain.",
            },
            {
              group: ["**/app.ts", "**/server.ts", "**/main.ts"],
              message: "The domain must not import the HTTP wiring / composition root.",
            },
          ],
        },
      ],
    },
  },
  // bot/ reaches the domain only through the workspace package (@cleaning/api/...), never by relative paths.
  {
    files: ["bot/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(api|prisma|miniapp)/",
              message: "Import the domain as @cleaning/api/... (prisma types via @cleaning/api/lib/database).",
            },
          ],
        },
      ],
    },
  },
  // Schemas are shared with the mini-app: zod and other schemas only, so its type-check never walks the server.
  {
    files: ["api/src/modules/**/*.schemas.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex:
                "^(?!zod$|.*\\.schemas\\.ts$|.*/lib/openapi\\.ts$|.*/lib/schemas\\.ts$|.*/lib/dates\\.ts$|.*/schedule/visit-kinds\\.ts$).*",
              message:
                "A *.schemas.ts imports only zod, other schemas and the dependency-free lib/openapi, lib/schemas, lib/dates and visit-kinds.",
            },
          ],
        },
      ],
    },
  },
);
