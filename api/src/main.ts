// Entry point of `npm start`: validates the configuration, builds the mini-app if it was never built, starts
// the server and shuts it down gracefully on SIGINT/SIGTERM.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { DEFAULT_MINIAPP_DIR } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./lib/logger.ts";
import { secretsOf } from "./security/secrets.ts";
import { startServer, type RunningServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

// .env (see .env.example) fills in what the environment does not set; the environment wins.
const ENV_FILE = path.join(ROOT, ".env");
if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, { secrets: secretsOf(config) });

if (!existsSync(path.join(DEFAULT_MINIAPP_DIR, "index.html")) && existsSync(path.join(ROOT, "miniapp/index.html"))) {
  logger.info("mini-app is not built yet: building it once (npm run build)");
  // Vite keeps the NODE_ENV it finds: anything but production would ship React's slow development build.
  const result = spawnSync("npm", ["run", "build", "--workspace", "miniapp"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) logger.warn("mini-app build failed: the API still starts, the app pages will be missing");
}

// Signal handlers come first: a SIGTERM during start-up (a deploy, a slow migration) still stops gracefully.
let isStopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, "shutting down");
    const stop = starting.then((running) => running.close());
    stop.then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
// No await between the handlers and this line: a signal can only arrive once `starting` exists.
const starting: Promise<RunningServer> = startServer(config, { logger });
await starting;
