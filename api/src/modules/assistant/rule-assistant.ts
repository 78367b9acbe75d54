// The offline assistant: a question is read by the intent grammar (intents/grammar.ts) and answered with the
// same use cases the LLM's tools call. What it does not understand it says so, with what it can do: it never
// answers a different question (today's houses) instead.
import type { Principal, ServiceContext } from "../../lib/context.ts";
import type { TaskDraft } from "../tasks/parse-request.ts";
import type { AssistantSource } from "./assistant.schemas.ts";
import { answerQuestion, OFFLINE_HELP } from "./intents/answer-intent.ts";
import type { IntentName } from "./intents/grammar.ts";
import { readBrigade } from "./intents/slots.ts";
import { normalizeQuestion, Words } from "./intents/text.ts";
import type { KnowledgeLookup } from "./knowledge-lookup.ts";

export { OFFLINE_HELP };

export interface RuleAnswer {
  answer: string;
  sources: AssistantSource[];
  /** False when the question matched nothing the offline assistant knows (or is out of its scope). */
  isUnderstood: boolean;
  /** Which intent answered, and whether with facts or an honest decline ("не нашёл", "уточните"). */
  intent: IntentName;
  outcome: "answer" | "decline";
  /** Reminders proposed by "напомни …", waiting for confirmation like the bot's. */
  taskDrafts?: TaskDraft[];
}

/** The brigade number a question names ("3 бригады", "бригада №3", "третьей бригады"), and the words that named it. */
export function parseBrigadeNumber(text: string): { number: number; matchedText: string } | undefined {
  const words = new Words(normalizeQuestion(text));
  const number = readBrigade(words);
  return number === undefined
    ? undefined
    : { number, matchedText: words.list.filter((_, i) => words.isUsed(i)).join(" ") };
}

/** Answers a question without a language model, or says honestly that it did not understand. */
export async function answerWithRules(
  ctx: ServiceContext,
  options: { principal: Principal; message: string; now: Date; knowledge?: KnowledgeLookup },
): Promise<RuleAnswer> {
  const result = await answerQuestion(ctx, options);
  const isUnderstood =
    result.intent !== "unknown" && result.intent !== "out_of_scope" ? true : result.answer.startsWith("Назовите дом");
  return { ...result, isUnderstood };
}
