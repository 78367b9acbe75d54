// What a Realtime session is told at minting: the same Russian rules and role-scoped tools as /api/ai/chat, in the
// shape of OpenAI's GA `session` object (client_secrets). The browser never sees or chooses any of it.
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { ASSISTANT_TOOLS, openAiToolSpecs } from "../../assistant/assistant-tools.ts";
import { buildSystemPrompt } from "../../assistant/llm-assistant.ts";

/** The Realtime tool shape is flat: `{ type, name, description, parameters }`. */
export interface RealtimeFunctionTool {
  type: "function";
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/**
 * The tool names a role may call. Every role has the assistant's tools today and each tool scopes its data by the
 * principal (a cleaner sees only their brigade); this is the one place a role would lose a tool altogether.
 */
export function toolNamesForRole(principal: Pick<Principal, "role">): string[] {
  void principal;
  return Object.keys(ASSISTANT_TOOLS);
}

/** The role's tools as Realtime function tools, from the same zod schemas as the chat's. */
export function realtimeToolsFor(principal: Principal): RealtimeFunctionTool[] {
  const allowed = new Set(toolNamesForRole(principal));
  return openAiToolSpecs()
    .filter((spec) => allowed.has(spec.function.name))
    .map((spec) => ({
      type: "function",
      name: spec.function.name,
      description: spec.function.description,
      parameters: spec.function.parameters,
    }));
}

const VOICE_RULES = [
  "Это живой голосовой разговор:",
  "- Говори по-русски, коротко, одной-тремя фразами; числа и даты произноси словами, как человек.",
  "- Данные о домах, графиках и статистике бери только из инструментов. Не придумывай адреса, даты, числа и имена.",
  "- Не расслышал или инструмент ничего не нашёл — так и скажи и переспроси.",
].join("\n");

/** The `session` object for `POST /v1/realtime/client_secrets`. */
export function buildRealtimeSession(
  ctx: ServiceContext,
  options: { principal: Principal; model: string; today: string },
) {
  return {
    type: "realtime" as const,
    model: options.model,
    instructions: `${buildSystemPrompt(options.principal, options.today)}\n${VOICE_RULES}`,
    output_modalities: ["audio" as const],
    audio: {
      input: {
        transcription: { model: ctx.config.openai.sttModel, language: "ru" },
        turn_detection: { type: "server_vad" as const, create_response: true, interrupt_response: true },
      },
      output: { voice: ctx.config.openai.ttsVoice },
    },
    tools: realtimeToolsFor(options.principal),
    tool_choice: "auto" as const,
  };
}

export type RealtimeSessionConfig = ReturnType<typeof buildRealtimeSession>;
