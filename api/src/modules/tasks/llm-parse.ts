// When an OpenAI-compatible model is configured it reads the request first (it copes with free word order and
// names in any case); whatever it returns is checked like user input, and the rule-based parser takes over when
// it fails or answers nonsense.
import { z } from "zod";
import type { ServiceContext } from "../../lib/context.ts";
import { createOpenAIClient } from "../../lib/openai.ts";
import type { ParseScope, TaskDraft } from "./parse-request.ts";
import { instantOfWallClock, isValidCron, wallClockOf } from "./task-time.ts";

const llmAnswer = z.object({
  text: z.string().trim().min(1),
  target: z.object({
    type: z.enum(["me", "brigade", "employee", "chat"]),
    brigadeNumber: z.number().int().nullish(),
    employeeId: z.number().int().nullish(),
    chatId: z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).nullish(),
  }),
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .nullish(),
  cron: z.string().nullish(),
});

const pad = (value: number) => String(value).padStart(2, "0");

function promptOf(scope: ParseScope): string {
  const now = wallClockOf(scope.now, scope.timeZone);
  const weekday = new Intl.DateTimeFormat("ru-RU", { weekday: "long", timeZone: scope.timeZone }).format(scope.now);
  return [
    "Ты разбираешь просьбы менеджера клининговой компании о напоминаниях в Telegram.",
    `Сейчас ${now.year}-${pad(now.month)}-${pad(now.day)}T${pad(now.hour)}:${pad(now.minute)} (${weekday}), часовой пояс ${scope.timeZone}.`,
    `Бригады (номер: название): ${scope.brigades.map((b) => `${b.number ?? "-"}: ${b.name}`).join("; ")}.`,
    `Сотрудники (id: имя): ${scope.employees.map((e) => `${e.id}: ${e.name}`).join("; ")}.`,
    'Ответь только JSON: {"text": текст напоминания без получателя и времени, "target": {"type": "me"|"brigade"|"employee"|"chat",',
    '"brigadeNumber"?, "employeeId"?, "chatId"?}, "at": "YYYY-MM-DDTHH:mm" местного времени или null, "cron": "м ч д м дн" или null}.',
    "Для повторяющихся («каждый понедельник в 9:00») заполни cron, иначе at. «Утром» — 9:00, «вечером» — 18:00.",
  ].join("\n");
}

/** The model's reading of a request, or null (not configured, failed, or an answer that does not check out). */
export async function parseTaskRequestWithLlm(
  ctx: ServiceContext,
  request: string,
  scope: ParseScope,
): Promise<TaskDraft | null> {
  const client = createOpenAIClient(ctx.config, { timeoutMs: 15_000, maxRetries: 1 });
  if (!client) return null;
  try {
    const completion = await client.chat.completions.create({
      model: ctx.config.openai.llmModel,
      temperature: 0,
      response_format: { type: "json_object" },
      messages: [
        { role: "system", content: promptOf(scope) },
        { role: "user", content: request },
      ],
    });
    const answer = llmAnswer.parse(JSON.parse(completion.choices[0]?.message?.content ?? ""));
    const target = (() => {
      const t = answer.target;
      if (t.type === "me") return scope.requesterId === null ? null : { employeeId: scope.requesterId };
      if (t.type === "brigade") {
        const brigade = scope.brigades.find((b) => b.number === t.brigadeNumber);
        return brigade ? { brigadeId: brigade.id } : null;
      }
      if (t.type === "employee")
        return scope.employees.some((e) => e.id === t.employeeId) ? { employeeId: t.employeeId! } : null;
      return t.chatId !== null && t.chatId !== undefined ? { chatId: BigInt(t.chatId) } : null;
    })();
    if (!target) return null;
    if (answer.cron) return isValidCron(answer.cron) ? { text: answer.text, target, cron: answer.cron } : null;
    if (!answer.at) return null;
    const [date, time] = answer.at.split("T") as [string, string];
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const [hour, minute] = time.split(":").map(Number) as [number, number];
    const at = instantOfWallClock({ year, month, day, hour, minute }, scope.timeZone);
    return at > scope.now ? { text: answer.text, target, at } : null;
  } catch (error) {
    ctx.logger.warn({ err: error }, "LLM could not parse a task request; using the rules");
    return null;
  }
}
