import type { CoreFeatureFactory } from "../../features.ts";
import { HOUSES_MOUNT, createHousesRouter } from "./houses.router.ts";

/** Houses, their schedules and the filter lists: /api/cleaning. */
export const housesFeature: CoreFeatureFactory = ({ ctx, registry }) => ({
  name: "houses",
  apiRouters: [{ mount: HOUSES_MOUNT, router: createHousesRouter(ctx, registry) }],
});
