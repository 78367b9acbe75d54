// One question -> one intent -> one answer from our use cases, or an honest decline. Shared by the bot's text
// and voice, the mini-app's chat and the LLM's fallback.
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { dayOfInstant } from "../../../lib/dates.ts";
import { AppError } from "../../../lib/errors.ts";
import { parseTaskRequests } from "../../tasks/parse-request.ts";
import { describeDraft, loadParseScope } from "../../tasks/tasks.service.ts";
import type { AssistantSource } from "../assistant.schemas.ts";
import type { KnowledgeLookup } from "../knowledge-lookup.ts";
import { decline, type IntentAnswer, type IntentContext } from "./answer-kit.ts";
import { answerHouseCounts, answerHouseList, answerTotals, answerVisitCounts } from "./count-answers.ts";
import { parseIntent, type Intent } from "./grammar.ts";
import { answerHouseFact } from "./house-facts.ts";
import { loadDirectory } from "./intent-queries.ts";

export const OFFLINE_HELP = [
  "Я понимаю такие вопросы:",
  "• дома и уборки: «что у нас сегодня», «дома 3 бригады на завтра», «какие дома у УК Жилищник»",
  "• дом: «график Кибальчича 3», «кто старший по дому Билибина 6», «какая УК у дома…», «сколько квартир…», «тариф…»",
  "• счёт: «сколько уборок выполнили в ноябре», «сколько пропущено на этой неделе», «сколько домов закреплено за 3 бригадой»",
  "• итоги: «сколько всего домов мы обслуживаем», «сколько у нас бригад»",
  "• напоминания: «напомни 2 бригаде завтра в 9:00 взять ключи»",
  "• вопросы по регламентам и инструкциям — ищу в базе знаний",
].join("\n");

export interface AnswerIntentOptions {
  principal: Principal;
  message: string;
  now: Date;
  knowledge?: KnowledgeLookup;
}

/** Understands a Russian question and answers it from live data, or declines and says what it can do. */
export async function answerQuestion(ctx: ServiceContext, options: AnswerIntentOptions): Promise<IntentAnswer> {
  const directory = await loadDirectory(ctx);
  const intent = parseIntent(options.message, {
    now: options.now,
    timeZone: ctx.config.timeZone,
    directory,
    hasKnowledge: Boolean(options.knowledge),
  });
  const context: IntentContext = {
    ctx,
    principal: options.principal,
    now: options.now,
    today: dayOfInstant(options.now, ctx.config.timeZone),
    directory,
  };
  try {
    return await runIntent(context, intent, options);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return decline(intent.name, error.userMessage);
    throw error;
  }
}

async function runIntent(context: IntentContext, intent: Intent, options: AnswerIntentOptions): Promise<IntentAnswer> {
  switch (intent.name) {
    case "help":
      return { answer: OFFLINE_HELP, sources: [], intent: "help", outcome: "answer" };
    case "greeting":
      return {
        answer: `Здравствуйте, ${options.principal.name}!\n${OFFLINE_HELP}`,
        sources: [],
        intent: "greeting",
        outcome: "answer",
      };
    case "out_of_scope":
      return decline(
        "out_of_scope",
        `Это не ко мне: я отвечаю про дома, уборки, бригады и документы компании.\n${OFFLINE_HELP}`,
      );
    case "reminder":
      return proposeReminder(context, options.message);
    case "house_fact": {
      const answer = await answerHouseFact(context, intent.fact, intent.slots.address!, intent.slots.period);
      // "Как часто моют окна?" reads like a house fact about a house called "окна": without a house number in it,
      // the documents may know better.
      if (
        answer.outcome === "decline" &&
        answer.sources.length === 0 &&
        options.knowledge &&
        !/\d/.test(intent.slots.address!)
      ) {
        const fromKnowledge = await answerFromKnowledge(options.knowledge, options.message);
        if (fromKnowledge) return fromKnowledge;
      }
      return answer;
    }
    case "totals":
      return answerTotals(context, intent.slots, intent.measure);
    case "count_houses":
      return answerHouseCounts(context, intent.slots);
    case "count_visits":
      return answerVisitCounts(context, intent.slots);
    case "list_houses":
      return answerHouseList(context, intent.slots);
    case "knowledge":
      return (
        (await answerFromKnowledge(options.knowledge, options.message)) ??
        decline("knowledge", `В базе знаний ничего не нашлось по этому вопросу.\n${OFFLINE_HELP}`)
      );
    case "unknown":
      if (intent.missing === "house")
        return decline(
          "unknown",
          "Назовите дом: например, «график Кибальчича 3» или «сколько квартир в доме Билибина 6».",
        );
      return decline("unknown", `Не понял вопрос.\n${OFFLINE_HELP}`);
  }
}

/** "Напомни 3 бригаде завтра в 9 …": the same draft and wording the bot asks to confirm. */
async function proposeReminder(context: IntentContext, message: string): Promise<IntentAnswer> {
  const scope = { ...(await loadParseScope(context.ctx, { principal: context.principal })), now: context.now };
  const drafts = parseTaskRequests(message.replace(/^\/remind\s*/i, ""), scope);
  const lines = await Promise.all(drafts.map((draft) => describeDraft(context.ctx, draft)));
  return {
    answer: `${lines.join("\n")}\n\nВсё верно? Подтвердите — и напоминание будет поставлено.`,
    sources: [],
    intent: "reminder",
    outcome: "answer",
    taskDrafts: drafts,
  };
}

async function answerFromKnowledge(
  knowledge: KnowledgeLookup | undefined,
  question: string,
): Promise<IntentAnswer | undefined> {
  if (!knowledge || question.trim().length < 4) return undefined;
  const passages = await knowledge(question, 3);
  if (passages.length === 0) return undefined;
  const lines = passages.map((passage) => `• ${passage.text} (${passage.title}, ${passage.label})`);
  const sources = passages.map((passage): AssistantSource => ({
    kind: "knowledge",
    title: `${passage.title}, ${passage.label}`,
  }));
  return {
    answer: ["Вот что нашлось в базе знаний:", ...lines].join("\n"),
    sources,
    intent: "knowledge",
    outcome: "answer",
  };
}
