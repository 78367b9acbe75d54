import { z } from "../../lib/openapi.ts";
import { isSafeText } from "../../lib/schemas.ts";

export const MAX_QUESTION_LENGTH = 2000;

export const chatRequest = z
  .object({
    message: z
      .string({ message: "ожидается текст вопроса" })
      .trim()
      .min(1, "вопрос пустой")
      .max(MAX_QUESTION_LENGTH, `вопрос длиннее ${MAX_QUESTION_LENGTH} символов`)
      .refine(isSafeText, "вопрос содержит недопустимые управляющие символы"),
    conversationId: z.string().uuid("ожидается id разговора из прошлого ответа").optional(),
  })
  .openapi("AssistantChatRequest");

export const chatQuery = z.object({
  /** `stream=1` (or `Accept: text/event-stream`) answers as server-sent events. */
  stream: z.preprocess((value) => value === "1" || value === "true", z.boolean()).optional(),
});

/** What an answer was built from: a house card, a house's schedule, or statistics. */
export const assistantSource = z
  .object({
    kind: z.enum(["house", "schedule", "stats", "knowledge"]),
    title: z.string(),
    houseId: z.number().optional(),
  })
  .openapi("AssistantSource");

/** Something the mini-app can offer as a button under the answer. */
export const assistantAction = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("open_house"), houseId: z.number(), label: z.string() }),
    /** A reminder the assistant understood («напомни …»): the page confirms it by POST /api/ai-tasks with `task`. */
    z.object({
      type: z.literal("create_task"),
      label: z.string(),
      task: z.object({
        text: z.string(),
        target: z.union([z.object({ brigadeId: z.number() }), z.object({ employeeId: z.number() })]),
        at: z.string().optional(),
        cron: z.string().optional(),
      }),
    }),
  ])
  .openapi("AssistantAction");

export const chatResponse = z
  .object({
    answer: z.string(),
    conversationId: z.string(),
    sources: z.array(assistantSource),
    actions: z.array(assistantAction),
    /** `llm`: the language model answered; `rules`: the offline assistant; `fallback`: the model failed. */
    mode: z.enum(["llm", "rules", "fallback"]),
  })
  .openapi("AssistantChatResponse");

export type AssistantSource = z.infer<typeof assistantSource>;
export type AssistantAction = z.infer<typeof assistantAction>;
export type ChatResponse = z.infer<typeof chatResponse>;
