import type { FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createKnowledgeContext, type KnowledgeContext } from "./knowledge-context.ts";
import { createKnowledgeRouter } from "./knowledge.router.ts";
import { ensureVectorSchema, reembedChunks } from "./knowledge-store.ts";
import { ocrRunnerFor, recognizerFor } from "./ocr/ocr-runner.ts";
import { closeRecognizers } from "./ocr/recognizer.ts";

/**
 * The knowledge base: /api/knowledge routes, a health line saying whether search is hybrid, and at start a
 * background pass that re-embeds chunks made by another embedder (EMBEDDING_MODEL changed or pgvector added).
 */
export function createKnowledgeFeature(
  overrides: Partial<Pick<KnowledgeContext, "embedder" | "llm">> = {},
): FeatureFactory {
  return async ({ ctx, hasVector, registry = new OpenAPIRegistry() }) => {
    await ctx.db.withSession((session) => ensureVectorSchema(session, hasVector));
    const k = createKnowledgeContext(ctx, { hasVector, ...overrides });
    const router = createKnowledgeRouter(k, registry);
    let isStopping = false;
    let reembedding: Promise<unknown> = Promise.resolve();
    return {
      name: "knowledge",
      apiRouters: [{ mount: "/knowledge", router }],
      healthChecks: {
        knowledge: () =>
          hasVector
            ? { status: "ok", reason: `гибридный поиск (полнотекстовый + векторный, ${k.embedder.id})` }
            : { status: "ok", reason: "без pgvector: поиск по базе знаний только полнотекстовый" },
        ocr: () => {
          const recognizer = recognizerFor(k);
          return recognizer
            ? {
                status: "ok",
                reason: `сканы и фото распознаёт tesseract.js (русская модель, потоков: ${recognizer.size}${recognizer.hasOsd ? ", ориентация по OSD" : ""})`,
              }
            : {
                status: "off",
                reason:
                  "распознавание сканов не настроено: установите tesseract-ocr-rus или задайте KNOWLEDGE_OCR_LANG_PATH",
              };
        },
      },
      async start() {
        // Scans queued before a restart (or left by an instance that died) are recognised now.
        ocrRunnerFor(k).kick();
        if (!hasVector) return;
        reembedding = reembedChunks(ctx.db, { embedder: k.embedder, shouldStop: () => isStopping }).then(
          (count) => count > 0 && ctx.logger.info({ count, embedder: k.embedder.id }, "knowledge: chunks re-embedded"),
          (error: unknown) =>
            ctx.logger.error({ err: error }, "knowledge: re-embedding failed; it resumes at the next start"),
        );
      },
      async stop() {
        isStopping = true;
        await reembedding;
        await ocrRunnerFor(k).stop();
        await closeRecognizers();
      },
    };
  };
}

/** The FEATURES entry: configuration decides the embedder and the summariser. */
export const knowledgeFeature: FeatureFactory = createKnowledgeFeature();
