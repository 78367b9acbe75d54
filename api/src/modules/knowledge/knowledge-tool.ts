// The assistant's `search_knowledge` tool: the OpenAI function definition and its implementation, answering
// numbered passages with ready citations "[1] название, стр. N" that the model is told to quote.
import type { KnowledgeContext } from "./knowledge-context.ts";
import { searchKnowledge } from "./knowledge-search.ts";

export interface KnowledgeCitation {
  /** 1-based number to cite as "[n]". */
  n: number;
  /** "[1] Регламент уборки, стр. 2" */
  citation: string;
  title: string;
  label: string;
  documentId: number;
  page: number | null;
  /** Plain text around the match (no markup). */
  text: string;
  score: number;
}

const plain = (snippet: string) =>
  snippet
    .replace(/<\/?b>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Runs `search_knowledge`: confirmed documents only, best passages first, each with its citation. */
export async function search_knowledge(
  k: KnowledgeContext,
  args: { query: string; limit?: number },
): Promise<{ results: KnowledgeCitation[] }> {
  const hits = await searchKnowledge(k, { query: args.query, limit: Math.min(args.limit ?? 5, 10) });
  return {
    results: hits.map((hit, index) => ({
      n: index + 1,
      citation: `[${index + 1}] ${hit.title}, ${hit.label}`,
      title: hit.title,
      label: hit.label,
      documentId: hit.documentId,
      page: hit.page,
      text: plain(hit.snippet),
      score: hit.score,
    })),
  };
}
