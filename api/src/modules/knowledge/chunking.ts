// Sentence-aware chunking. A chunk never crosses a page, section or sheet block, so its position stays exact
// for citations; consecutive chunks of one block share their last sentence(s) so an answer that straddles the
// cut is still found whole in one of them.
import type { ExtractedSection } from "./extract.ts";

export interface Chunk {
  ordinal: number;
  content: string;
  page?: number;
  section?: string;
  sheet?: string;
  label: string;
}

export interface ChunkOptions {
  /** Aim for chunks about this long (characters; Russian runs about 3.5 characters per model token). */
  targetChars?: number;
  /** Never longer than this. */
  maxChars?: number;
  /** Repeat up to this many characters of trailing sentences at the start of the next chunk. */
  overlapChars?: number;
}

/** ~570 tokens target, ~800 tokens max, ~90 tokens of overlap. */
const DEFAULTS = { targetChars: 2_000, maxChars: 2_800, overlapChars: 320 };

/**
 * Splits text into sentences (table rows: into lines); over-long "sentences" (lists without stops) are cut at
 * spaces.
 */
export function splitSentences(text: string, maxChars: number, isRows = false): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    for (const raw of isRows ? [paragraph] : paragraph.split(/(?<=[.!?…;])\s+(?=[«"(\p{Lu}\d—-])/u)) {
      let sentence = raw.trim();
      while (sentence.length > maxChars) {
        const cut = sentence.lastIndexOf(" ", maxChars);
        const at = cut > maxChars / 2 ? cut : maxChars;
        sentences.push(sentence.slice(0, at).trim());
        sentence = sentence.slice(at).trim();
      }
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}

export function positionLabel(section: Omit<ExtractedSection, "text">, ordinal: number): string {
  const rows = section.firstRow
    ? section.firstRow === section.lastRow
      ? `строка ${section.firstRow}`
      : `строки ${section.firstRow}–${section.lastRow}`
    : undefined;
  if (section.page) return `стр. ${section.page}`;
  if (section.sheet) return rows ? `лист «${section.sheet}», ${rows}` : `лист «${section.sheet}»`;
  if (rows) return rows;
  if (section.section) return `раздел «${section.section}»`;
  return `фрагмент ${ordinal + 1}`;
}

/** Cuts extracted sections into overlapping, sentence-aligned chunks with their positions. */
export function chunkSections(sections: ExtractedSection[], options: ChunkOptions = {}): Chunk[] {
  const { targetChars, maxChars, overlapChars } = { ...DEFAULTS, ...options };
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const { text: _text, ...position } = section;
    const push = (content: string) => {
      const ordinal = chunks.length;
      chunks.push({
        ordinal,
        content,
        page: position.page,
        section: position.section,
        sheet: position.sheet,
        label: positionLabel(position, ordinal),
      });
    };
    // Table rows stay one per line; prose sentences flow on one line.
    const joiner = section.firstRow ? "\n" : " ";
    const sentences = splitSentences(section.text, maxChars, Boolean(section.firstRow));
    let current: string[] = [];
    let length = 0;
    let fresh = 0; // sentences in `current` that are not overlap from the previous chunk
    for (const sentence of sentences) {
      if (fresh > 0 && length + sentence.length + 1 > targetChars) {
        push(current.join(joiner));
        const overlap: string[] = [];
        let overlapLength = 0;
        for (let i = current.length - 1; i >= 0 && overlapLength + current[i]!.length <= overlapChars; i--) {
          overlap.unshift(current[i]!);
          overlapLength += current[i]!.length + 1;
        }
        // Never let the overlap alone push a chunk past the hard limit.
        current = overlapLength + sentence.length <= maxChars ? overlap : [];
        length = current.reduce((sum, s) => sum + s.length + 1, 0);
        fresh = 0;
      }
      current.push(sentence);
      length += sentence.length + 1;
      fresh++;
    }
    if (fresh > 0) push(current.join(joiner));
  }
  return chunks;
}
