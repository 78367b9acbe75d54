// "Что понял ИИ": what a manager reads before saving a document. The LLM's summary when one is configured;
// otherwise an extractive one: the title, the sentences richest in the document's frequent words, its topics.
import type OpenAI from "openai";
import type { Logger } from "../../lib/logger.ts";
import { splitSentences } from "./chunking.ts";
import { words } from "./embedder.ts";
import type { ExtractedDocument } from "./extract.ts";

export interface DocumentSummary {
  title: string;
  /** The text shown to people. */
  text: string;
  keySentences: string[];
  topics: string[];
  pages: number | null;
  chunks: number;
  characters: number;
  source: "llm" | "offline";
}

const KIND_NAMES: Record<string, string> = {
  pdf: "PDF",
  docx: "DOCX",
  xlsx: "таблица XLSX",
  csv: "таблица CSV",
  md: "Markdown",
  txt: "текст",
};

/** The most frequent content words (as they most often appear) and the best sentences of a document. */
export function extractiveSummary(document: ExtractedDocument, title: string, chunkCount: number): DocumentSummary {
  const text = document.sections.map((s) => s.text).join("\n");
  const stemCounts = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  for (const word of words(text)) {
    if (word.length < 4 || /^\d+$/.test(word)) continue;
    const stem = word.slice(0, 5);
    stemCounts.set(stem, (stemCounts.get(stem) ?? 0) + 1);
    const stemForms = forms.get(stem) ?? new Map<string, number>();
    stemForms.set(word, (stemForms.get(word) ?? 0) + 1);
    forms.set(stem, stemForms);
  }
  const topStems = [...stemCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const topics = topStems.map(([stem]) => [...forms.get(stem)!.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
  const sentences = splitSentences(text.slice(0, 200_000), 400).filter((s) => s.length >= 30);
  const scored = sentences.map((sentence, index) => {
    const stems = words(sentence).map((w) => w.slice(0, 5));
    const score =
      stems.reduce((sum, stem) => sum + Math.log(1 + (stemCounts.get(stem) ?? 0)), 0) / Math.sqrt(stems.length + 1);
    return { sentence, index, score: score + (index < 3 ? 0.5 : 0) };
  });
  const keySentences = scored
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.sentence);
  const size = [
    KIND_NAMES[document.kind],
    document.pageCount ? `${document.pageCount} стр.` : undefined,
    `${text.length.toLocaleString("ru-RU")} символов`,
    `${chunkCount} фрагм.`,
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [`«${title}»`, `Размер: ${size}`];
  if (topics.length) lines.push(`Темы: ${topics.join(", ")}`);
  if (keySentences.length) lines.push("Главное:", ...keySentences.map((s) => `• ${s}`));
  return {
    title,
    text: lines.join("\n"),
    keySentences,
    topics,
    pages: document.pageCount ?? null,
    chunks: chunkCount,
    characters: text.length,
    source: "offline",
  };
}

/** The LLM's summary on top of the extractive facts; the extractive one alone when the call fails. */
export async function summarizeDocument(options: {
  document: ExtractedDocument;
  title: string;
  chunkCount: number;
  client: OpenAI | null;
  model: string;
  logger: Logger;
}): Promise<DocumentSummary> {
  const offline = extractiveSummary(options.document, options.title, options.chunkCount);
  if (!options.client) return offline;
  const excerpt = options.document.sections
    .map((s) => s.text)
    .join("\n")
    .slice(0, 12_000);
  try {
    const response = await options.client.chat.completions.create({
      model: options.model,
      temperature: 0.2,
      messages: [
        {
          role: "system",
          content:
            "Ты помощник клининговой компании. Кратко (3–6 пунктов) перескажи документ по-русски: о чём он, ключевые правила, сроки, цены. Без вступлений.",
        },
        { role: "user", content: `Документ «${options.title}»:\n\n${excerpt}` },
      ],
    });
    const text = response.choices[0]?.message?.content?.trim();
    if (!text) return offline;
    return { ...offline, text: `«${options.title}»\n${offline.text.split("\n")[1]}\n${text}`, source: "llm" };
  } catch (error) {
    options.logger.warn({ err: error }, "knowledge: LLM summary failed, using the extractive one");
    return offline;
  }
}
