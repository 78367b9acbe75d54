import OpenAI from "openai";
import type { AppConfig } from "../config.ts";

/**
 * The one OpenAI-compatible client (OpenAI, Ollama, vLLM, a proxy, or the local fake in tests), or null when
 * OPENAI_API_KEY is not set and every AI feature runs its offline default.
 */
export function createOpenAIClient(
  config: AppConfig,
  options: { timeoutMs?: number; maxRetries?: number } = {},
): OpenAI | null {
  if (!config.openai.apiKey) return null;
  return new OpenAI({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseUrl,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });
}

/**
 * The client for speech recognition: STT_BASE_URL / STT_API_KEY (a self-hosted Whisper server) when set, else
 * the OPENAI_* one; null when neither is configured. A self-hosted server without a key gets a placeholder
 * (the SDK insists on one; such servers ignore it).
 */
export function createSttClient(
  config: AppConfig,
  options: { timeoutMs?: number; maxRetries?: number } = {},
): OpenAI | null {
  const { apiKey, baseUrl, isOwnServer } = config.openai.stt;
  if (!apiKey && !isOwnServer) return null;
  return new OpenAI({
    apiKey: apiKey ?? "not-needed",
    baseURL: baseUrl,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 0,
  });
}
