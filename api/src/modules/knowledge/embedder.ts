// Embeddings for the vector half of hybrid search. With EMBEDDING_MODEL on an OpenAI-compatible server we ask
// it; otherwise an offline embedder that needs no model: hashed word stems and character trigrams. It captures
// shared words, their Russian inflected forms and typos (overlapping trigrams), and partial overlap of long
// questions with a passage; it does NOT capture meaning: synonyms ("уборка" / "клининг") stay unrelated.
import type OpenAI from "openai";

/** Every vector has this many dimensions: the `embedding vector(512)` column and its HNSW index fix it. */
export const EMBEDDING_DIMENSIONS = 512;

export interface Embedder {
  /** Stored with every chunk; a different id at start re-embeds the knowledge base in the background. */
  id: string;
  /** Cosine similarity below which a neighbour is noise, not a match (the vector half always finds *something*). */
  minSimilarity: number;
  embed(texts: string[]): Promise<number[][]>;
}

const STOP_WORDS = new Set(
  "и в во на с со по не ни что как а но или о об от до для из за к ко у же ли бы то это этот эта эти так при его её ее их он она они мы вы я ты мне нас вам был была были быть есть все всё весь если чтобы также который которые которая где когда нужно надо можно".split(
    " ",
  ),
);

/** FNV-1a: a fast, stable 32-bit string hash (the same feature lands in the same bucket in every process). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addFeature(vector: Float32Array, feature: string, weight: number) {
  const h = hash(feature);
  // One hash bit decides the sign so that collisions cancel out on average instead of piling up.
  vector[h % EMBEDDING_DIMENSIONS]! += h & 0x80000000 ? -weight : weight;
}

/** Words of a text, lower-cased, "ё" as "е", stop words dropped. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/ё/g, "е")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w)));
}

/** The offline embedding of one text (unit length; zero vector for a text without words). */
export function embedOffline(text: string): number[] {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  const counts = new Map<string, number>();
  for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) {
    const weight = 1 + Math.log(count);
    // A 5-letter prefix is a crude Russian stem: "уборка", "уборки", "уборку" share "убор_".
    addFeature(vector, `w:${word.slice(0, 5)}`, weight);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vector, padded.slice(i, i + 3), weight * 0.35);
  }
  return normalize(Array.from(vector));
}

function normalize(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/**
 * Brings a vector of another size to EMBEDDING_DIMENSIONS: a longer one is folded with signed hashing (inner
 * products are kept on average), a shorter one is zero-padded. OpenAI's text-embedding-3 models answer in the
 * right size themselves (`dimensions`), so this only matters for other servers.
 */
export function fitDimensions(vector: number[]): number[] {
  if (vector.length === EMBEDDING_DIMENSIONS) return vector;
  const out = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  vector.forEach((x, i) => {
    const h = hash(`d${i}`);
    out[i < EMBEDDING_DIMENSIONS ? i : h % EMBEDDING_DIMENSIONS]! +=
      i < EMBEDDING_DIMENSIONS || !(h & 0x80000000) ? x : -x;
  });
  return normalize(out);
}

export const offlineEmbedder: Embedder = {
  id: `offline-ngram-v1:${EMBEDDING_DIMENSIONS}`,
  // Unrelated Russian texts still share a few trigrams: measured at 0.00-0.09 on the labelled test set.
  minSimilarity: 0.1,
  embed: async (texts) => texts.map(embedOffline),
};

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint, in batches. */
export function createOpenAIEmbedder(client: OpenAI, model: string, batchSize = 64): Embedder {
  const isOpenAIv3 = /^text-embedding-3/.test(model);
  return {
    id: `openai:${model}:${EMBEDDING_DIMENSIONS}`,
    minSimilarity: 0.2,
    async embed(texts) {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const input = texts.slice(i, i + batchSize);
        const response = await client.embeddings.create({
          model,
          input,
          ...(isOpenAIv3 ? { dimensions: EMBEDDING_DIMENSIONS } : {}),
        });
        const sorted = [...response.data].sort((a, b) => a.index - b.index);
        for (const item of sorted) vectors.push(fitDimensions(item.embedding));
      }
      return vectors;
    },
  };
}

/** pgvector's text form: "[0.1,0.2,...]". */
export const toVectorLiteral = (vector: number[]) =>
  `[${vector.map((x) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : 0)).join(",")}]`;
