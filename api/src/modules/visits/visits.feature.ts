import type { FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createVisitsRouter, VISITS_MOUNT } from "./visits.router.ts";

/** /api/visits: the mini-app's «Начать» / «Завершить» on today's visits (the bot has its own buttons). */
export const visitsFeature: FeatureFactory = ({ ctx, registry = new OpenAPIRegistry() }) => ({
  name: "visits",
  apiRouters: [{ mount: VISITS_MOUNT, router: createVisitsRouter(ctx, registry) }],
});
