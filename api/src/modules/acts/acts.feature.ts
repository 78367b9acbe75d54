import type { FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { ACT_DOWNLOAD_PATH, createActDownloadRouter, createActsRouter } from "./acts.router.ts";

/**
 * Monthly acts for management companies: /api/acts (office roles) and the signed-link downloads that the
 * mini-app hands to Telegram's openLink, mounted before authentication since a link carries its own proof.
 */
export const actsFeature: FeatureFactory = ({ ctx, registry = new OpenAPIRegistry() }) => {
  const company = ctx.config.company;
  const missing = [
    ["COMPANY_NAME", company.name],
    ["COMPANY_INN", company.inn],
    ["COMPANY_ADDRESS", company.address],
    ["COMPANY_DIRECTOR", company.director],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  return {
    name: "acts",
    apiRouters: [{ mount: "/acts", router: createActsRouter(ctx, registry) }],
    publicRoutes: [{ path: ACT_DOWNLOAD_PATH, handler: createActDownloadRouter(ctx, registry) }],
    healthChecks: {
      acts: () =>
        missing.length
          ? { status: "ok" as const, reason: `в шапке актов пустые строки: не заданы ${missing.join(", ")}` }
          : { status: "ok" as const, reason: "реквизиты компании для актов заданы" },
    },
  };
};
