import { z } from "../../lib/openapi.ts";
import { houseFilterQuery } from "../houses/houses.schemas.ts";

export const dashboardQuery = houseFilterQuery;

export const todayStats = z
  .object({ date: z.string(), planned: z.number(), inProgress: z.number(), done: z.number(), missed: z.number() })
  .openapi("TodayStats");

export const dashboardStatsResponse = z
  .object({
    today: todayStats,
    totals: z.object({
      houses: z.number(),
      apartments: z.number(),
      entrances: z.number(),
      brigades: z.number(),
      managementCompanies: z.number(),
    }),
    byStage: z.array(z.object({ stageId: z.string().nullable(), title: z.string(), count: z.number() })),
    range: z.object({ from: z.string(), to: z.string() }),
    byDay: z.array(z.object({ date: z.string(), planned: z.number(), done: z.number() })),
  })
  .openapi("DashboardStats");

export type DashboardStats = z.infer<typeof dashboardStatsResponse>;
export type TodayStats = z.infer<typeof todayStats>;
