import { APIConnectionTimeoutError, APIUserAbortError } from "openai";
import type OpenAI from "openai";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { createOpenAIClient } from "../../lib/openai.ts";
import type { AssistantAction, AssistantSource, ChatResponse } from "./assistant.schemas.ts";
import { loadHistory, openConversation, saveExchange } from "./assistant-memory.ts";
import { createKnowledgeLookup, type KnowledgeLookup } from "./knowledge-lookup.ts";
import { answerWithLlm } from "./llm-assistant.ts";
import { describeDraft } from "../tasks/tasks.service.ts";
import type { TaskDraft } from "../tasks/parse-request.ts";
import { answerWithRules, OFFLINE_HELP } from "./rule-assistant.ts";

export interface AskOptions {
  principal: Principal;
  message: string;
  /** A mini-app thread to continue (ignored when it is not the caller's). */
  conversationId?: string;
  /** The Telegram chat whose conversation to continue (the bot). */
  telegramChatId?: bigint;
  /** Receives the answer as it is generated (SSE, the bot's live message). */
  onToken?: (token: string) => void;
}

export interface AssistantService {
  isLlmConfigured: boolean;
  /** Answers a question about live data, remembering the conversation. */
  ask(options: AskOptions): Promise<ChatResponse>;
}

export interface AssistantOptions {
  /** The OpenAI-compatible client; default from the config (null = offline assistant). */
  openai?: OpenAI | null;
  /** How long one model call may take before the assistant falls back (default 30 s). */
  llmTimeoutMs?: number;
  /** Question-answer pairs of memory sent to the model (default 6). */
  historyTurns?: number;
  /** Knowledge-base search (default: the knowledge module over this database; null = none). */
  knowledge?: KnowledgeLookup | null;
}

export const NOT_CONFIGURED_ANSWER = `ИИ-ассистент не подключён (не задан OPENAI_API_KEY), поэтому я отвечаю только на простые вопросы.\n${OFFLINE_HELP}`;

const MAX_ACTIONS = 5;

function actionsFrom(sources: AssistantSource[]): AssistantAction[] {
  const houses = new Map<number, string>();
  for (const source of sources) {
    if (source.houseId !== undefined && !houses.has(source.houseId))
      houses.set(source.houseId, source.title.replace(/^График: /, ""));
  }
  return [...houses].slice(0, MAX_ACTIONS).map(([houseId, label]) => ({ type: "open_house", houseId, label }));
}

/**
 * «Напомни …» understood offline: one «Создать напоминание» per recipient, which the mini-app confirms through
 * POST /api/ai-tasks (the same rule checks as everywhere). Group chats are not offered (their ids are the bot's).
 */
async function taskActionsFrom(ctx: ServiceContext, drafts: TaskDraft[]): Promise<AssistantAction[]> {
  const actions: AssistantAction[] = [];
  for (const draft of drafts) {
    const target =
      "brigadeId" in draft.target
        ? { brigadeId: draft.target.brigadeId }
        : "employeeId" in draft.target
          ? { employeeId: draft.target.employeeId }
          : null;
    if (!target) continue;
    const label = (await describeDraft(ctx, draft)).replace(/^Отправлю /, "");
    actions.push({
      type: "create_task",
      label,
      task: { text: draft.text, target, at: draft.at?.toISOString(), cron: draft.cron },
    });
  }
  return actions;
}

/** The one assistant used by the bot and by POST /api/ai/chat. */
export function createAssistantService(ctx: ServiceContext, options: AssistantOptions = {}): AssistantService {
  const client = options.openai === undefined ? createOpenAIClient(ctx.config) : options.openai;
  const llmTimeoutMs = options.llmTimeoutMs ?? 30_000;
  const historyTurns = options.historyTurns ?? 6;
  const knowledge = options.knowledge === undefined ? createKnowledgeLookup(ctx) : (options.knowledge ?? undefined);

  async function answer(
    request: AskOptions,
    conversationId: string,
  ): Promise<Pick<ChatResponse, "answer" | "sources" | "mode"> & { taskDrafts?: TaskDraft[] }> {
    const now = ctx.clock.now();
    if (client) {
      try {
        const history = await loadHistory(ctx, conversationId, historyTurns);
        const result = await answerWithLlm(ctx, client, {
          ...request,
          history,
          now,
          timeoutMs: llmTimeoutMs,
          knowledge,
        });
        return { ...result, mode: "llm" };
      } catch (error) {
        const isTimeout = error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError;
        ctx.logger.warn(
          { err: error },
          isTimeout ? "LLM timed out; answering without it" : "LLM failed; answering without it",
        );
        const reason = isTimeout ? "ИИ-модель не ответила вовремя" : "ИИ-модель сейчас недоступна";
        const rules = await answerWithRules(ctx, {
          principal: request.principal,
          message: request.message,
          now,
          knowledge,
        });
        const text = rules.isUnderstood
          ? `⚠️ ${reason}, поэтому отвечаю в простом режиме.\n\n${rules.answer}`
          : `⚠️ ${reason}. Попробуйте ещё раз через минуту или спросите проще.\n${OFFLINE_HELP}`;
        return { answer: text, sources: rules.sources, mode: "fallback", taskDrafts: rules.taskDrafts };
      }
    }
    const rules = await answerWithRules(ctx, {
      principal: request.principal,
      message: request.message,
      now,
      knowledge,
    });
    return {
      answer: rules.isUnderstood ? rules.answer : NOT_CONFIGURED_ANSWER,
      sources: rules.sources,
      mode: "rules",
      taskDrafts: rules.taskDrafts,
    };
  }

  return {
    isLlmConfigured: client !== null,
    async ask(request) {
      const message = request.message.trim();
      const conversationId = await openConversation(ctx, request);
      const { taskDrafts, ...result } = await answer({ ...request, message }, conversationId);
      if (result.mode !== "llm") request.onToken?.(result.answer);
      await saveExchange(ctx, conversationId, message, result.answer);
      const taskActions = await taskActionsFrom(ctx, taskDrafts ?? []);
      return { ...result, conversationId, actions: [...taskActions, ...actionsFrom(result.sources)] };
    },
  };
}
