// Runs `prisma generate` after install. The Prisma CLI tries to download its schema engine even though
// generation never runs it; on machines without internet that download fails. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any executable (node itself) skips the download. Where the variable is
// already set (or the engine is present), the user's choice wins.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const result = spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["prisma", "generate"], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
