import type { CoreFeatureFactory } from "../../features.ts";
import { AUTH_MOUNT, createAuthRouter } from "./auth.router.ts";

/** Who is signed in: /api/me (the auth middleware itself is HTTP wiring in app.ts). */
export const authFeature: CoreFeatureFactory = ({ ctx, registry }) => ({
  name: "auth",
  apiRouters: [{ mount: AUTH_MOUNT, router: createAuthRouter(ctx, registry) }],
});
