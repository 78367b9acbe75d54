// Response types come straight from the API's zod schemas (type-only imports: nothing of the server is bundled).
export type {
  CleaningFilters,
  HouseDetails,
  HouseList,
  HouseListItem,
  ScheduleVisit,
} from "../../../api/src/modules/houses/houses.schemas.ts";
export type { DashboardStats, TodayStats } from "../../../api/src/modules/dashboard/dashboard.schemas.ts";
