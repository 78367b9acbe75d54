// The summary of a планёрка: Итоги, Решения, Поручения. With a model configured it reads the transcript under a
// prompt that forbids adding anything not said, and answers structured JSON that is checked like user input;
// without one (or when it fails) the sentences that carry decisions and assignments are picked out as they are.
import { z } from "zod";
import type { ServiceContext } from "../../lib/context.ts";
import { createOpenAIClient } from "../../lib/openai.ts";
import { findBrigadeMention, findEmployeeMention } from "./action-items.ts";

export interface DraftAssignment {
  text: string;
  /** Who, as said ("2 бригада", "Иванов"), when named. */
  who?: string;
  /** When, as said ("до пятницы", "завтра"), when named. */
  when?: string;
}

export interface MeetingSummaryDraft {
  engine: "llm" | "offline";
  overview: string[];
  decisions: string[];
  assignments: DraftAssignment[];
  note: string | null;
}

export interface SummaryScope {
  brigades: { number: number | null; name: string }[];
  employees: { name: string }[];
}

export const OFFLINE_NOTE = "Составлено без ИИ: выбраны фразы с решениями и поручениями из расшифровки.";
const LLM_FAILED_NOTE = "ИИ не ответил, итоги составлены без ИИ: выбраны фразы с решениями и поручениями.";
/** About 40 000 tokens: far more than a three-hour планёрка says; the rest is cut rather than sent. */
const MAX_PROMPT_CHARS = 120_000;

export const SUMMARY_PROMPT = [
  "Ты секретарь планёрки клининговой компании (уборка подъездов). Тебе дают расшифровку планёрки.",
  "Составь итоги строго по расшифровке. Не придумывай ничего, чего нет в тексте: ни фактов, ни исполнителей, ни сроков, ни адресов.",
  "Если исполнитель или срок не названы, оставь поле пустым (null). Исполнитель — как сказано: «2 бригада», фамилия или имя сотрудника.",
  "Срок — словами, как сказано («до пятницы», «завтра», «28.11»). Формулировки поручений — коротко, в повелительном наклонении.",
  'Ответь только JSON: {"overview": [2–5 коротких пунктов: о чём говорили], "decisions": [принятые решения],',
  '"actionItems": [{"text": что сделать, "who": кто или null, "when": когда или null}]}. Пустые списки допустимы.',
].join("\n");

const llmAnswer = z.object({
  overview: z.array(z.string().trim().min(1).max(500)).max(10),
  decisions: z.array(z.string().trim().min(1).max(500)).max(30),
  actionItems: z
    .array(
      z.object({
        text: z.string().trim().min(1).max(500),
        who: z.string().trim().max(100).nullish(),
        when: z.string().trim().max(100).nullish(),
      }),
    )
    .max(50),
});

const JSON_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["overview", "decisions", "actionItems"],
  properties: {
    overview: { type: "array", items: { type: "string" } },
    decisions: { type: "array", items: { type: "string" } },
    actionItems: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["text", "who", "when"],
        properties: { text: { type: "string" }, who: { type: ["string", "null"] }, when: { type: ["string", "null"] } },
      },
    },
  },
} as const;

// \b does not work with Cyrillic in JS regexps: word starts are spelled out.
const W = "(?:^|[^а-яёa-z0-9])";
const DECISION = new RegExp(
  `${W}(решил[иа]?|решено|договорил[иа]сь|утвердил[иа]|утвержд|принял[иа] решение|согласовал[иа]|постановил)`,
  "i",
);
const ASSIGNMENT = new RegExp(
  `${W}(нужно|надо|необходимо|поруч|должн[аыо]?|пусть|сделать|сделает|сделаем|проверить|проверит|подготовить|подготовит|отправить|позвонить|купить|заказать|отвезти|привезти|ответственн|до\\s+(понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья|конца|завтра)|к\\s+(понедельнику|вторнику|среде|четвергу|пятнице|субботе|завтра))`,
  "i",
);
const WHEN = new RegExp(
  `${W}((?:до|к|в|во)\\s+(?:понедельник[а-я]*|вторник[а-я]*|сред[а-я]*|четверг[а-я]*|пятниц[а-я]*|суббот[а-я]*|воскресень[а-я]*|конца\\s+(?:дня|недели|месяца))|завтра|послезавтра|сегодня|(?:до|к)?\\s*\\d{1,2}\\.\\d{1,2}|через\\s+\\S+\\s+(?:дн[а-я]*|недел[а-я]*)|на\\s+(?:этой|следующей)\\s+неделе)`,
  "i",
);
export function splitSentences(transcript: string): string[] {
  return transcript
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?…])\s+(?=[А-ЯЁA-Z0-9«"])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 2);
}

function whoOf(sentence: string, scope: SummaryScope): string | undefined {
  return findBrigadeMention(sentence)?.words ?? findEmployeeMention(sentence, scope.employees)?.words;
}

/** Extractive summary: the sentences that carry decisions and assignments, made without any model. */
export function summarizeOffline(transcript: string, scope: SummaryScope, note = OFFLINE_NOTE): MeetingSummaryDraft {
  const sentences = splitSentences(transcript);
  const decisions: string[] = [];
  const assignments: DraftAssignment[] = [];
  const rest: string[] = [];
  for (const sentence of sentences) {
    const who = whoOf(sentence, scope);
    const when = WHEN.exec(sentence)?.[1]?.trim();
    // A brigade or a person named together with a day is an assignment even without «нужно».
    if ((ASSIGNMENT.test(sentence) && (who || when || /поруч/i.test(sentence))) || (who && when)) {
      assignments.push({ text: sentence, who, when });
    } else if (DECISION.test(sentence)) {
      decisions.push(sentence);
    } else if (ASSIGNMENT.test(sentence)) {
      assignments.push({ text: sentence });
    } else {
      rest.push(sentence);
    }
  }
  // Итоги: the longest of the remaining sentences in their order, a rough stand-in for "what it was about".
  const picked = new Set([...rest].sort((a, b) => b.length - a.length).slice(0, 3));
  const overview = rest.filter((sentence) => picked.has(sentence));
  return {
    engine: "offline",
    overview,
    decisions: decisions.slice(0, 30),
    assignments: assignments.slice(0, 50),
    note,
  };
}

/** The summary by the configured model, or the offline one when there is none or it fails. */
export async function summarizeMeeting(
  ctx: ServiceContext,
  options: { title: string; transcript: string; scope: SummaryScope },
): Promise<MeetingSummaryDraft> {
  if (!options.transcript.trim())
    return {
      engine: "offline",
      overview: [],
      decisions: [],
      assignments: [],
      note: "Расшифровки нет: итоги появятся, когда речь будет распознана.",
    };
  const client = createOpenAIClient(ctx.config, { timeoutMs: 90_000, maxRetries: 1 });
  if (!client) return summarizeOffline(options.transcript, options.scope);
  try {
    const brigades = options.scope.brigades.map((b) => (b.number !== null ? `${b.number} бригада` : b.name)).join(", ");
    const completion = await client.chat.completions.create({
      model: ctx.config.openai.llmModel,
      temperature: 0,
      response_format: {
        type: "json_schema",
        json_schema: { name: "meeting_summary", strict: true, schema: JSON_SCHEMA as never },
      },
      messages: [
        {
          role: "system",
          content: `${SUMMARY_PROMPT}\nБригады компании: ${brigades || "нет"}. Сотрудники: ${options.scope.employees.map((e) => e.name).join(", ") || "нет"}.`,
        },
        { role: "user", content: `Планёрка «${options.title}».\n\n${options.transcript.slice(0, MAX_PROMPT_CHARS)}` },
      ],
    });
    const raw = completion.choices[0]?.message?.content ?? "";
    const answer = llmAnswer.parse(JSON.parse(raw.replace(/^```(?:json)?\s*|\s*```$/g, "")));
    return {
      engine: "llm",
      overview: answer.overview,
      decisions: answer.decisions,
      assignments: answer.actionItems.map((item) => ({
        text: item.text,
        who: item.who ?? undefined,
        when: item.when ?? undefined,
      })),
      note: null,
    };
  } catch (error) {
    ctx.logger.warn({ err: error }, "meeting summary by the model failed; using the extractive one");
    return summarizeOffline(options.transcript, options.scope, LLM_FAILED_NOTE);
  }
}
