import type { Feature, FeatureDeps, FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createLogisticsRouter, LOGISTICS_MOUNT } from "./logistics.router.ts";
import type { RoutingOverrides } from "./logistics.service.ts";

/**
 * «Маршрут»: POST /api/logistics/route and /plan. Needs no key: without OSRM_URL or
 * GOOGLE_MAPS_API_KEY routes use the offline estimate, and the health check says so.
 */
export function createLogisticsFeature(deps: FeatureDeps, overrides: RoutingOverrides = {}): Feature {
  const { ctx } = deps;
  const router = createLogisticsRouter(ctx, deps.registry ?? new OpenAPIRegistry(), overrides);
  const { osrmUrl, googleApiKey } = ctx.config.maps;
  return {
    name: "logistics",
    apiRouters: [{ mount: LOGISTICS_MOUNT, router }],
    healthChecks: {
      routing: () => {
        if (osrmUrl) return { status: "ok" as const, reason: "маршруты по дорогам OSRM (OSRM_URL)" };
        if (googleApiKey)
          return { status: "ok" as const, reason: "маршруты по дорогам Google Maps (GOOGLE_MAPS_API_KEY)" };
        return {
          status: "off" as const,
          reason: "нет OSRM_URL и GOOGLE_MAPS_API_KEY: расстояния оцениваются по прямой",
        };
      },
    },
  };
}

export const logisticsFeature: FeatureFactory = (deps) => createLogisticsFeature(deps);
