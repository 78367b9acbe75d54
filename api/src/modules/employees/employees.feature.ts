import type { CoreFeatureFactory } from "../../features.ts";
import { EMPLOYEES_MOUNT, createEmployeesRouter } from "./employees.router.ts";

/** Employees managed by admins: /api/employees. */
export const employeesFeature: CoreFeatureFactory = ({ ctx, registry }) => ({
  name: "employees",
  apiRouters: [{ mount: EMPLOYEES_MOUNT, router: createEmployeesRouter(ctx, registry) }],
});
