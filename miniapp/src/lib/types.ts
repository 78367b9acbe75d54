// Response types come straight from the API's zod schemas (type-only imports: nothing of the server is bundled).
export type {
  CleaningFilters,
  HouseDetails,
  HouseList,
  HouseListItem,
  ScheduleVisit,
} from "../../../api/src/modules/houses/houses.schemas.ts";
export type { DashboardStats, TodayStats } from "../../../api/src/modules/dashboard/dashboard.schemas.ts";
export type {
  AssistantAction,
  AssistantSource,
  ChatResponse,
} from "../../../api/src/modules/assistant/assistant.schemas.ts";
export type { TaskView } from "../../../api/src/modules/tasks/tasks.schemas.ts";
export type { DayVisitView, TodayVisits, VisitActionResult } from "../../../api/src/modules/visits/visits.schemas.ts";

import type { z } from "zod";
import type {
  knowledgeDocument,
  knowledgeDocumentList,
  searchResponse,
} from "../../../api/src/modules/knowledge/knowledge.schemas.ts";

export type KnowledgeDocument = z.infer<typeof knowledgeDocument>;
export type KnowledgeDocumentList = z.infer<typeof knowledgeDocumentList>;
export type KnowledgeSearch = z.infer<typeof searchResponse>;
export type KnowledgeHit = KnowledgeSearch["items"][number];

/** GET /api/me. */
export interface Me {
  name: string;
  role: string;
  isDemo: boolean;
}
