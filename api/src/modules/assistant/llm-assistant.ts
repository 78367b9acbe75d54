// The language-model path: a Russian system prompt, the conversation's last turns, and a tool-calling loop over
// our own use cases. Works with any OpenAI-compatible server that supports `tools` (OpenAI, vLLM, Ollama).
import type OpenAI from "openai";
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { dayOfInstant, formatDayRu } from "../../lib/dates.ts";
import type { AssistantSource } from "./assistant.schemas.ts";
import type { MemoryTurn } from "./assistant-memory.ts";
import type { KnowledgeLookup } from "./knowledge-lookup.ts";
import { openAiToolSpecs, runAssistantTool, type ToolContext } from "./assistant-tools.ts";

/** Tool rounds before the model must answer with what it has. */
const MAX_TOOL_ROUNDS = 4;
/** Tool output sent back to the model, in characters: enough for a page of houses. */
const MAX_TOOL_OUTPUT = 12_000;

const WEEKDAYS = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"];
const ROLE_NAMES: Record<Principal["role"], string> = {
  admin: "администратор",
  manager: "менеджер",
  brigade_lead: "бригадир",
  cleaner: "уборщик",
};

export interface LlmAnswer {
  answer: string;
  sources: AssistantSource[];
}

/** The system prompt: who is asking, what today is, and the rule never to invent houses. */
export function buildSystemPrompt(principal: Principal, today: string): string {
  const weekday = WEEKDAYS[new Date(`${today}T12:00:00Z`).getUTCDay()];
  const scope = isOfficeRole(principal)
    ? "Пользователь видит все бригады."
    : "Пользователь видит только дома своей бригады; инструменты сами ограничивают данные.";
  return [
    "Ты — помощник клининговой компании в Калуге: отвечаешь сотрудникам про дома, графики уборок подъездов и статистику.",
    `Сегодня ${formatDayRu(today)} (${weekday}). Даты в инструменты передавай в формате YYYY-MM-DD.`,
    `Спрашивает: ${principal.name}, роль — ${ROLE_NAMES[principal.role]}. ${scope}`,
    "Правила:",
    "- Факты бери только из ответов инструментов. Никогда не придумывай дома, адреса, даты и числа.",
    "- Если инструмент ничего не нашёл или вернул ошибку, честно скажи об этом.",
    "- Отвечай по-русски, коротко и просто: ответ могут озвучить голосом. Без таблиц и markdown.",
    "- Называй, откуда данные: адрес дома, день или период статистики, документ базы знаний.",
    "- Вопросы о правилах, инструкциях и ценах ищи в базе знаний (search_knowledge).",
  ].join("\n");
}

const dedupeSources = (sources: AssistantSource[]) => {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = `${source.kind}:${source.houseId ?? ""}:${source.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

interface RoundResult {
  content: string;
  toolCalls: ChatCompletionMessageFunctionToolCall[];
}

async function completeRound(
  client: OpenAI,
  request: {
    model: string;
    messages: ChatCompletionMessageParam[];
    tools: ReturnType<typeof openAiToolSpecs>;
    isLastRound: boolean;
  },
  options: { timeoutMs: number; onToken?: (token: string) => void },
): Promise<RoundResult> {
  const body = {
    model: request.model,
    messages: request.messages,
    tools: request.tools,
    tool_choice: request.isLastRound ? ("none" as const) : ("auto" as const),
  };
  const requestOptions = { timeout: options.timeoutMs, maxRetries: 0 };
  if (!options.onToken) {
    const completion = await client.chat.completions.create(body, requestOptions);
    const message = completion.choices[0]?.message;
    return {
      content: message?.content ?? "",
      toolCalls: (message?.tool_calls ?? []).filter(
        (call): call is ChatCompletionMessageFunctionToolCall => call.type === "function",
      ),
    };
  }
  const stream = await client.chat.completions.create({ ...body, stream: true }, requestOptions);
  let content = "";
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    if (delta.content) {
      content += delta.content;
      options.onToken(delta.content);
    }
    for (const part of delta.tool_calls ?? []) {
      const call = calls.get(part.index) ?? { id: "", name: "", arguments: "" };
      if (part.id) call.id = part.id;
      if (part.function?.name) call.name += part.function.name;
      if (part.function?.arguments) call.arguments += part.function.arguments;
      calls.set(part.index, call);
    }
  }
  const toolCalls = [...calls.values()].map((call) => ({
    id: call.id,
    type: "function" as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  return { content, toolCalls };
}

/** Answers with the language model and our tools. Model errors and timeouts are thrown for the caller to handle. */
export async function answerWithLlm(
  ctx: ServiceContext,
  client: OpenAI,
  options: {
    principal: Principal;
    message: string;
    history: MemoryTurn[];
    now: Date;
    timeoutMs: number;
    knowledge?: KnowledgeLookup;
    onToken?: (token: string) => void;
  },
): Promise<LlmAnswer> {
  const today = dayOfInstant(options.now, ctx.config.timeZone);
  const tool: ToolContext = { ctx, principal: options.principal, today, knowledge: options.knowledge };
  const tools = openAiToolSpecs();
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: buildSystemPrompt(options.principal, today) },
    ...options.history.map((turn) => ({ role: turn.role, content: turn.content })),
    { role: "user", content: options.message },
  ];
  const sources: AssistantSource[] = [];
  for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
    const result = await completeRound(
      client,
      { model: ctx.config.openai.llmModel, messages, tools, isLastRound: round === MAX_TOOL_ROUNDS },
      { timeoutMs: options.timeoutMs, onToken: options.onToken },
    );
    if (result.toolCalls.length === 0) {
      return {
        answer: result.content.trim() || "Модель вернула пустой ответ. Попробуйте переформулировать вопрос.",
        sources: dedupeSources(sources),
      };
    }
    messages.push({ role: "assistant", content: result.content || null, tool_calls: result.toolCalls });
    for (const call of result.toolCalls) {
      const output = await runAssistantTool(tool, call.function.name, call.function.arguments);
      sources.push(...output.sources);
      ctx.logger.debug({ tool: call.function.name, args: call.function.arguments }, "assistant tool call");
      messages.push({
        role: "tool",
        tool_call_id: call.id,
        content: JSON.stringify(output.data).slice(0, MAX_TOOL_OUTPUT),
      });
    }
  }
  return { answer: "Не удалось собрать ответ. Попробуйте спросить проще.", sources: dedupeSources(sources) };
}
