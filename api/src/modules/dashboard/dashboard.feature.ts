import type { CoreFeatureFactory } from "../../features.ts";
import { DASHBOARD_MOUNT, createDashboardRouter } from "./dashboard.router.ts";

/** The dashboard's figures: /api/dashboard. */
export const dashboardFeature: CoreFeatureFactory = ({ ctx, registry }) => ({
  name: "dashboard",
  apiRouters: [{ mount: DASHBOARD_MOUNT, router: createDashboardRouter(ctx, registry) }],
});
