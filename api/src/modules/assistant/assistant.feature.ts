import type { FeatureDeps, Feature, FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createVoiceRouter } from "../voice/voice.router.ts";
import { createVoiceService, type VoiceOptions } from "../voice/voice.service.ts";
import { createAssistantRouter } from "./assistant.router.ts";
import { createAssistantService, type AssistantOptions } from "./assistant.service.ts";
import { createKnowledgeLookup } from "./knowledge-lookup.ts";

/**
 * The AI assistant and voice: POST /api/ai/chat, POST /api/voice/transcribe and /speak, and the `llm`, `stt`
 * and `tts` health checks. Tests pass their own client and clock through `options`.
 */
export function createAssistantFeature(
  options: { assistant?: AssistantOptions; voice?: VoiceOptions } = {},
): FeatureFactory {
  return ({ ctx, registry = new OpenAPIRegistry(), hasVector }: FeatureDeps): Feature => {
    const assistant = createAssistantService(ctx, {
      knowledge: createKnowledgeLookup(ctx, { hasVector }),
      ...options.assistant,
    });
    const voice = createVoiceService(ctx, options.voice);
    const { openai } = ctx.config;
    const server = openai.baseUrl
      ? URL.canParse(openai.baseUrl)
        ? new URL(openai.baseUrl).host
        : openai.baseUrl
      : "OpenAI";
    return {
      name: "assistant",
      apiRouters: [
        { mount: "/ai", router: createAssistantRouter(ctx, registry, assistant) },
        { mount: "/voice", router: createVoiceRouter(ctx, registry, voice) },
      ],
      healthChecks: {
        llm: () =>
          assistant.isLlmConfigured
            ? { status: "ok", reason: `модель ${openai.llmModel} на ${server}` }
            : { status: "off", reason: "OPENAI_API_KEY не задан: работает офлайн-ассистент на правилах" },
        stt: () =>
          voice.isSttConfigured
            ? { status: "ok", reason: `распознавание ${openai.sttModel} на ${server}` }
            : { status: "off", reason: "OPENAI_API_KEY не задан: голосовые сообщения не распознаются" },
        tts: () =>
          voice.isSttConfigured && options.voice?.tts !== "offline"
            ? { status: "ok", reason: `синтез ${openai.ttsModel}, при ошибке — офлайн espeak-ng` }
            : { status: "ok", reason: "офлайн-синтез речи espeak-ng" },
      },
    };
  };
}
