// `npm run check:render`: deploys render.yaml the way Render would, on this machine. A clean copy of the
// committed tree (or `--worktree`: the working tree) gets the blueprint's buildCommand with its environment
// (NODE_ENV=production), then its startCommand with a generated WEBHOOK_SECRET, a fresh PostgreSQL schema and a
// local fake Bot API, until healthCheckPath answers and the mini-app is served. Prints the timings. Too slow for
// the test suite (a full `npm ci`), so it is a script; scripts/render-blueprint.test.ts checks the rest.
import { execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { parse } from "yaml";
import { FakeBotApi } from "../bot/src/testing/fake-bot-api.ts";

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const repo = path.resolve(import.meta.dirname, "..");
const blueprint = parse(readFileSync(path.join(repo, "render.yaml"), "utf8")) as {
  services: {
    type: string;
    buildCommand: string;
    startCommand: string;
    healthCheckPath: string;
    envVars: { key: string; value?: string; generateValue?: boolean }[];
  }[];
};
const web = blueprint.services.find((service) => service.type === "web")!;
const literal = Object.fromEntries(web.envVars.filter((v) => v.value !== undefined).map((v) => [v.key, v.value!]));

// The machine's own environment minus anything that would change what npm or the app does.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(NODE_ENV|npm_|DATABASE_URL|TELEGRAM_|WEBHOOK_|BOT_MODE|PORT|HOST|DATA_DIR)/i.test(key),
  ),
) as Record<string, string>;

const copy = mkdtempSync(path.join(tmpdir(), "render-check-"));
const schema = `render_check_${process.pid}`;
const fake = await new FakeBotApi().start();
let exitCode = 1;
try {
  const files = process.argv.includes("--worktree")
    ? execSync("git ls-files -co --exclude-standard -z", { cwd: repo })
        .toString()
        .split("\0")
        .filter((f) => f && existsSync(path.join(repo, f)))
    : null;
  if (files) {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      cpSync(path.join(repo, file), path.join(copy, file));
    }
  } else {
    execSync(`git archive HEAD | tar -x -C ${JSON.stringify(copy)}`, { cwd: repo, stdio: "inherit" });
  }
  console.log(`clean copy (${files ? "working tree" : "HEAD"}): ${copy}`);

  let started = Date.now();
  console.log(`build: ${web.buildCommand}`);
  execSync(web.buildCommand, { cwd: copy, stdio: "inherit", env: { ...baseEnv, ...literal } });
  const buildSeconds = (Date.now() - started) / 1000;
  if (!existsSync(path.join(copy, "miniapp/dist/index.html")))
    throw new Error("the build left no miniapp/dist/index.html");

  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const port = await freePort();
  const env = {
    ...baseEnv,
    ...literal,
    PORT: String(port),
    DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`,
    WEBHOOK_SECRET: randomBytes(32).toString("base64"), // what Render's generateValue produces
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    WEBHOOK_URL: "https://cleaning-ops.example.com",
    MINIAPP_URL: "https://cleaning-ops.example.com",
    DATA_DIR: path.join(copy, "data"),
  };
  started = Date.now();
  console.log(`start: ${web.startCommand} (WEBHOOK_SECRET=${env.WEBHOOK_SECRET})`);
  const server = spawn("sh", ["-c", `exec ${web.startCommand}`], {
    cwd: copy,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
  try {
    const health = await waitFor(`http://127.0.0.1:${port}${web.healthCheckPath}`, 180_000, exited);
    const startSeconds = (Date.now() - started) / 1000;
    const shell = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    if (!shell.includes('<div id="root"')) throw new Error("the mini-app is not served at /");
    console.log(`health ${health.status}: ${JSON.stringify(await health.json())}`);
    console.log(`render.yaml OK: build ${buildSeconds.toFixed(0)} s, start to healthy ${startSeconds.toFixed(1)} s`);
    exitCode = 0;
  } finally {
    process.kill(-server.pid!, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
} catch (error) {
  console.error(`render.yaml check failed: ${(error as Error).message}`);
} finally {
  await fake.close();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin
    .connect()
    .then(() => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
    .finally(() => admin.end())
    .catch(() => undefined);
  if (!process.argv.includes("--keep")) rmSync(copy, { recursive: true, force: true });
}
process.exit(exitCode);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, timeoutMs: number, exited: Promise<number | null>): Promise<Response> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error("the server exited before it became healthy");
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return response;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}
