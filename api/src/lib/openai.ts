import OpenAI from "openai";
import type { AppConfig } from "../config.ts";

/**
 * The one OpenAI-compatible client (OpenAI, Ollama, vLLM, a proxy, or the local fake in tests), or null when
 * OPENAI_API_KEY is not set and every AI feature runs its offline default.
 */
export function createOpenAIClient(config: AppConfig, options: { timeoutMs?: number; maxRetries?: number } = {}): OpenAI | null {
  if (!config.openai.apiKey) return null;
  return new OpenAI({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseUrl,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });
}
