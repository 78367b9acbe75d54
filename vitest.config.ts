import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "api/src/**/*.test.ts",
      "bot/src/**/*.test.ts",
      "prisma/**/*.test.ts",
      "scripts/**/*.test.ts",
      "miniapp/src/**/*.test.{ts,tsx}",
      "miniapp/e2e/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { LOG_LEVEL: "silent" },
  },
});
