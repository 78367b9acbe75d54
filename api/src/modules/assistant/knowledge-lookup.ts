// The assistant's window on the knowledge base (regulations, price lists, instructions): a search function
// injected into the tools, so the assistant works the same with or without that module's data.
import type { ServiceContext } from "../../lib/context.ts";
import { createKnowledgeContext, type KnowledgeContext } from "../knowledge/knowledge-context.ts";
import { searchKnowledge } from "../knowledge/knowledge-search.ts";

export interface KnowledgePassage {
  title: string;
  /** Where in the document: "стр. 2", "раздел «Оплата»". */
  label: string;
  text: string;
}

export type KnowledgeLookup = (query: string, limit: number) => Promise<KnowledgePassage[]>;

const stripTags = (html: string) =>
  html
    .replace(/<\/?b>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/**
 * Searches confirmed documents. Whether pgvector is there is learned once from the database when the caller
 * does not know (the bot builds its services without the migration result).
 */
export function createKnowledgeLookup(ctx: ServiceContext, options: { hasVector?: boolean } = {}): KnowledgeLookup {
  let knowledge: Promise<KnowledgeContext> | undefined;
  const context = () =>
    (knowledge ??= (async () => {
      const hasVector =
        options.hasVector ??
        Boolean(
          (
            await ctx.db.query<{ found: boolean }>(
              `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS found`,
            )
          )[0]?.found,
        );
      return createKnowledgeContext(ctx, { hasVector });
    })());
  return async (query, limit) => {
    const hits = await searchKnowledge(await context(), { query, limit });
    return hits.map((hit) => ({ title: hit.title, label: hit.label, text: stripTags(hit.snippet) }));
  };
}
