// render.yaml as Render reads it: the build must install what `npm run build` needs although the blueprint sets
// NODE_ENV=production, and the app must start with the values Render generates. The full build in a clean copy
// takes minutes, so it is `npm run check:render`, not part of this suite.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../api/src/config.ts";

interface EnvVar {
  key: string;
  value?: string;
  generateValue?: boolean;
  sync?: boolean;
  fromDatabase?: { name: string; property: string };
}
interface Blueprint {
  services: {
    type: string;
    name: string;
    buildCommand: string;
    startCommand: string;
    healthCheckPath?: string;
    envVars: EnvVar[];
  }[];
  databases: { name: string }[];
}

const blueprint = parse(readFileSync(new URL("../render.yaml", import.meta.url), "utf8")) as Blueprint;
const web = blueprint.services.find((service) => service.type === "web")!;
const packageJson = (path: string) =>
  JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), "utf8")) as Record<string, Record<string, string>>;

/** What Render puts in the environment: literal values, a generated secret (base64 of 256 random bits), the database URL. */
function renderEnvironment(secret = randomBytes(32).toString("base64")): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of web.envVars) {
    if (variable.value !== undefined) env[variable.key] = variable.value;
    else if (variable.generateValue) env[variable.key] = secret;
    else if (variable.fromDatabase)
      env[variable.key] = `postgresql://cleaning:pw@dpg-abc-a/${variable.fromDatabase.name}`;
  }
  // The `sync: false` values the person deploying fills in; the rest may stay empty.
  return {
    ...env,
    TELEGRAM_BOT_TOKEN: "123456:ABC-render",
    WEBHOOK_URL: "https://cleaning-ops.onrender.com",
    MINIAPP_URL: "https://cleaning-ops.onrender.com",
  };
}

describe("render.yaml", () => {
  it("installs devDependencies for the build although it runs with NODE_ENV=production", () => {
    expect(renderEnvironment().NODE_ENV).toBe("production");
    // The mini-app's build tools are devDependencies, which `npm ci` leaves out under NODE_ENV=production.
    expect(Object.keys(packageJson("miniapp/package.json").devDependencies!)).toContain("vite");
    const install = web.buildCommand
      .split("&&")
      .map((step) => step.trim())
      .find((step) => /^npm (ci|install)\b/.test(step));
    expect(install).toMatch(/--include=dev\b|--production=false\b/);
    expect(web.buildCommand).toContain("npm run build");
  });

  it("starts with a runner that is a production dependency, and checks health where the app serves it", () => {
    expect(web.startCommand).toBe("npm start");
    const start = packageJson("package.json").scripts!.start!;
    expect(start.split(" ")[0]).toBe("tsx");
    expect(packageJson("api/package.json").dependencies).toHaveProperty("tsx");
    expect(web.healthCheckPath).toBe("/api/health");
    for (const variable of web.envVars.filter((v) => v.fromDatabase)) {
      expect(blueprint.databases.map((d) => d.name)).toContain(variable.fromDatabase!.name);
    }
  });

  it("loads its configuration with the secret Render generates, turned into a secret_token Telegram accepts", () => {
    const secrets = [
      "q+3/ZrkW0vXy2Qw9n5L8y3J1m0e7xUu0Hn6c1l4a0k8=",
      ...Array.from({ length: 50 }, () => randomBytes(32).toString("base64")),
    ];
    for (const secret of secrets) {
      const config = loadConfig(renderEnvironment(secret));
      expect(config.isProduction).toBe(true);
      expect(config.telegram.mode).toBe("webhook");
      expect(config.telegram.webhookSecret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      // Every instance (and scripts/set-webhook.ts) derives the same token from the same setting.
      expect(loadConfig(renderEnvironment(secret)).telegram.webhookSecret).toBe(config.telegram.webhookSecret);
    }
    const allowed = "already_a-valid_secret_token_of_40_chars";
    expect(loadConfig(renderEnvironment(allowed)).telegram.webhookSecret).toBe(allowed);
  });
});
