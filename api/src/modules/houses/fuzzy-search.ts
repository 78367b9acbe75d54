// The fallback when the word-prefix search finds nothing: typos typed on the stairs ("кибальчеча 3",
// "билибино 6"). Each query word must resemble some word of the address (letter-bigram Dice similarity, or a
// prefix); house numbers must match exactly. A few thousand houses score in about a millisecond, so this runs
// in the process rather than needing pg_trgm, which not every PostgreSQL has.
import { searchWords } from "./search-text.ts";

const MIN_WORD_SIMILARITY = 0.5;

function bigrams(word: string): string[] {
  const padded = ` ${word} `;
  const grams: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) grams.push(padded.slice(i, i + 2));
  return grams;
}

/** Dice coefficient of the letter bigrams of two words (1 = same word). */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = bigrams(a);
  const right = new Map<string, number>();
  for (const gram of bigrams(b)) right.set(gram, (right.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of left) {
    const count = right.get(gram) ?? 0;
    if (count > 0) {
      shared++;
      right.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + bigrams(b).length);
}

/** How well an address (its stored search text) matches a query, 0 when some query word matches nothing. */
export function fuzzyAddressScore(query: string, searchText: string): number {
  const queryWords = searchWords(query);
  const houseWords = searchText.trim().split(" ").filter(Boolean);
  if (queryWords.length === 0) return 0;
  let total = 0;
  for (const word of queryWords) {
    let best = 0;
    for (const candidate of houseWords) {
      const isNumber = /^\d+$/.test(word);
      const score = isNumber
        ? candidate === word
          ? 1
          : 0
        : candidate.startsWith(word)
          ? 1
          : wordSimilarity(word, candidate);
      if (score > best) best = score;
    }
    if (best < MIN_WORD_SIMILARITY) return 0;
    total += best;
  }
  return total / queryWords.length;
}
