// What every intent's answer is made of: the result shape, Russian plurals, and the brigade number -> id step
// with its role rule (a brigade member asking about another brigade is refused, not quietly shown their own).
import { isOfficeRole, type Principal, type ServiceContext } from "../../../lib/context.ts";
import { AppError } from "../../../lib/errors.ts";
import type { TaskDraft } from "../../tasks/parse-request.ts";
import type { AssistantSource } from "../assistant.schemas.ts";
import type { IntentName } from "./grammar.ts";
import type { Directory } from "./slots.ts";

export interface IntentAnswer {
  answer: string;
  sources: AssistantSource[];
  intent: IntentName;
  /** `answer`: facts were given; `decline`: an honest "не понял", "не нашёл", "уточните" or a refusal. */
  outcome: "answer" | "decline";
  /** A reminder waiting for confirmation (the same draft the bot confirms with ✅/✏️/❌). */
  taskDrafts?: TaskDraft[];
}

export interface IntentContext {
  ctx: ServiceContext;
  principal: Principal;
  now: Date;
  today: string;
  directory: Directory;
}

export function plural(count: number, one: string, few: string, many: string): string {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

export const count = (n: number, one: string, few: string, many: string) => `${n} ${plural(n, one, few, many)}`;

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const decline = (intent: IntentName, answer: string, sources: AssistantSource[] = []): IntentAnswer => ({
  answer,
  sources,
  intent,
  outcome: "decline",
});

/** Brigade number -> id; unknown numbers and other brigades (for brigade members) are refusals users read. */
export function resolveBrigadeNumber(context: IntentContext, number: number | undefined): number | undefined {
  if (number === undefined) return undefined;
  const brigade = context.directory.brigades.find((b) => b.number === number);
  if (!isOfficeRole(context.principal) && brigade?.id !== context.principal.brigadeId) {
    throw new AppError("forbidden", { status: 403, userMessage: "Вам доступны только дома своей бригады" });
  }
  if (!brigade) throw new AppError("unknown_brigade", { userMessage: `Бригады №${number} нет` });
  return brigade.id;
}
