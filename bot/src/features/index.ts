import type { BotFeature } from "../index.ts";
import { actsFeature } from "./acts.ts";
import { assistantFeature } from "./assistant.ts";
import { documentsFeature } from "./documents.ts";
import { adminFeature } from "./admin.ts";
import { housesFeature } from "./houses.ts";
import { meetingsFeature } from "./meetings.ts";
import { routeFeature } from "./route.ts";
import { startFeature } from "./start.ts";
import { tasksFeature } from "./tasks.ts";
import { statsFeature } from "./stats.ts";
import { todayFeature } from "./today.ts";
import { visitReportFeature } from "./visit-report.ts";
import { voiceFeature } from "./voice.ts";

/**
 * The bot's features in the order they see updates. Add a feature with one line; the unhandled-update
 * feature is appended by createBot.
 */
// assistantFeature answers any text no earlier feature took: keep it last.
export const DEFAULT_FEATURES: BotFeature[] = [
  startFeature,
  adminFeature,
  todayFeature,
  routeFeature,
  housesFeature,
  actsFeature,
  // Before the visit report: a photo captioned «в базу» is a document, every other photo a report photo.
  documentsFeature,
  visitReportFeature,
  statsFeature,
  tasksFeature,
  // Before voice: a voice note captioned «планёрка» (or after /meeting) is a meeting, every other one a question.
  meetingsFeature,
  voiceFeature,
  assistantFeature,
];
