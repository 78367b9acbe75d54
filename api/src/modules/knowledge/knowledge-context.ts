import type OpenAI from "openai";
import type { ServiceContext } from "../../lib/context.ts";
import { createOpenAIClient } from "../../lib/openai.ts";
import { createOpenAIEmbedder, offlineEmbedder, type Embedder } from "./embedder.ts";

/** What the knowledge use cases need beyond the common context. */
export interface KnowledgeContext extends ServiceContext {
  embedder: Embedder;
  /** pgvector installed: search is hybrid; otherwise full-text only. */
  hasVector: boolean;
  /** OpenAI-compatible client for the "что понял ИИ" summary; null = extractive summary. */
  llm: OpenAI | null;
  maxFileBytes: number;
  maxUnzippedBytes: number;
}

/** Builds the knowledge context from the configuration: remote embeddings and summaries only when configured. */
export function createKnowledgeContext(
  ctx: ServiceContext,
  options: { hasVector: boolean; embedder?: Embedder; llm?: OpenAI | null },
): KnowledgeContext {
  const client = options.llm === undefined ? createOpenAIClient(ctx.config) : options.llm;
  const embedder =
    options.embedder ?? (client ? createOpenAIEmbedder(client, ctx.config.openai.embeddingModel) : offlineEmbedder);
  return {
    ...ctx,
    embedder,
    hasVector: options.hasVector,
    llm: client,
    maxFileBytes: ctx.config.knowledge.maxFileMb * 1024 * 1024,
    maxUnzippedBytes: ctx.config.knowledge.maxUnzippedMb * 1024 * 1024,
  };
}
