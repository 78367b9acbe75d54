// The words of a question as the grammar reads them. Speech-to-text and one-handed typing produce "третьей
// бригады", "подьездов", "кибальчеча": number words become digits, ё/ъ/ь are folded for matching, and a keyword
// tolerates one typo once it is long enough to be unambiguous.

const CARDINALS: Record<string, number> = {
  ноль: 0,
  один: 1,
  одна: 1,
  одно: 1,
  одного: 1,
  одной: 1,
  одному: 1,
  два: 2,
  две: 2,
  двух: 2,
  три: 3,
  трех: 3,
  четыре: 4,
  четырех: 4,
  пять: 5,
  пяти: 5,
  шесть: 6,
  шести: 6,
  семь: 7,
  семи: 7,
  восемь: 8,
  восьми: 8,
  девять: 9,
  девяти: 9,
  десять: 10,
  десяти: 10,
  одиннадцать: 11,
  двенадцать: 12,
  тринадцать: 13,
  четырнадцать: 14,
  пятнадцать: 15,
  шестнадцать: 16,
  семнадцать: 17,
  восемнадцать: 18,
  девятнадцать: 19,
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  пятьдесят: 50,
  шестьдесят: 60,
  семьдесят: 70,
  восемьдесят: 80,
  девяносто: 90,
};

// Ordinal stems with their endings spelled out, so "пятница" or "вторник" never read as numbers.
const ORDINAL_STEMS: [string, number][] = [
  ["перв", 1],
  ["втор", 2],
  ["трет", 3],
  ["четверт", 4],
  ["пят", 5],
  ["шест", 6],
  ["седьм", 7],
  ["восьм", 8],
  ["девят", 9],
  ["десят", 10],
  ["одиннадцат", 11],
  ["двенадцат", 12],
  ["тринадцат", 13],
  ["четырнадцат", 14],
  ["пятнадцат", 15],
  ["шестнадцат", 16],
  ["семнадцат", 17],
  ["восемнадцат", 18],
  ["девятнадцат", 19],
  ["двадцат", 20],
  ["тридцат", 30],
];
const ORDINAL_ENDING = /^(?:ый|ий|ой|ая|ья|ое|ье|ого|ьего|ему|ьему|ому|ую|ью|ые|ьи|ых|ьих|ым|ом|ей|ьей)$/;

function ordinalOf(word: string): number | undefined {
  for (const [stem, value] of ORDINAL_STEMS) {
    if (word.startsWith(stem) && ORDINAL_ENDING.test(word.slice(stem.length))) return value;
  }
  return undefined;
}

const numberOfWord = (word: string): { value: number; isTens: boolean } | undefined => {
  const cardinal = CARDINALS[word];
  if (cardinal !== undefined) return { value: cardinal, isTens: cardinal >= 20 && cardinal % 10 === 0 };
  const ordinal = ordinalOf(word);
  return ordinal === undefined ? undefined : { value: ordinal, isTens: false };
};

/** Replaces number words with digits: "двадцать пятого ноября" -> "25 ноября", "третьей бригаде" -> "3 бригаде". */
export function digitsForNumberWords(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const number = numberOfWord(words[i]!);
    if (!number) {
      out.push(words[i]!);
      continue;
    }
    const next = i + 1 < words.length ? numberOfWord(words[i + 1]!) : undefined;
    if (number.isTens && next && next.value > 0 && next.value < 10) {
      out.push(String(number.value + next.value));
      i++;
    } else {
      out.push(String(number.value));
    }
  }
  return out;
}

/** Lower case, ё -> е, punctuation to spaces (keeping "10:00", "28.11", "3-й", "№"), number words as digits. */
export function normalizeQuestion(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[«»"“”„!?,;()[\]{}]/g, " ")
    .replace(/(\d)-(?:й|я|е|го|ой|ей|ая|ую|ья)(?=\s|$)/g, "$1")
    .replace(/№\s*/g, " номер ")
    .replace(/(^|\s)[.:]+|[.:]+(?=\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return digitsForNumberWords(cleaned.split(" ").filter(Boolean)).join(" ");
}

/** The form keywords are compared in: no hard or soft signs ("подьезд", "подъезд" and "подезд" agree). */
export const looseWord = (word: string) => word.replace(/[ъь]/g, "");

/** Damerau–Levenshtein distance, capped: enough to tell "one typo" from "another word". */
export function editDistance(a: string, b: string, cap = 2): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * Whether a word of the question is a form of `stem` ("квартир" matches "квартиры", "квартир", and with one
 * typo "кавртиры" or "квартр"). Stems shorter than 5 letters must match exactly as a prefix.
 */
export function matchesStem(word: string, stem: string): boolean {
  const w = looseWord(word);
  const s = looseWord(stem);
  if (s.length <= 2) return w === s;
  if (w.startsWith(s)) return true;
  if (s.length < 5 || w.length < s.length - 1) return false;
  for (const length of [s.length - 1, s.length, s.length + 1]) {
    if (length <= w.length && editDistance(w.slice(0, length), s, 1) <= 1) return true;
  }
  return false;
}

/** A question split into words, with the positions the grammar has already explained. */
export class Words {
  readonly list: string[];
  private readonly used: boolean[];

  constructor(text: string) {
    this.list = text.split(" ").filter(Boolean);
    this.used = this.list.map(() => false);
  }

  /** Index of the first word that is a form of one of the stems (optionally not yet used). */
  find(stems: readonly string[], options: { from?: number; unusedOnly?: boolean } = {}): number {
    for (let i = options.from ?? 0; i < this.list.length; i++) {
      if (options.unusedOnly && this.used[i]) continue;
      if (stems.some((stem) => matchesStem(this.list[i]!, stem))) return i;
    }
    return -1;
  }

  has(stems: readonly string[]): boolean {
    return this.find(stems) >= 0;
  }

  /** Whether the exact phrase (words as prefixes, e.g. ["в", "работ"]) occurs. */
  hasPhrase(phrase: readonly string[]): boolean {
    return this.findPhrase(phrase) >= 0;
  }

  findPhrase(phrase: readonly string[]): number {
    outer: for (let i = 0; i + phrase.length <= this.list.length; i++) {
      for (let j = 0; j < phrase.length; j++) {
        const word = looseWord(this.list[i + j]!);
        const part = looseWord(phrase[j]!);
        if (part.length <= 2 ? word !== part : !word.startsWith(part)) continue outer;
      }
      return i;
    }
    return -1;
  }

  /** Marks words as explained, so they are not taken for an address. */
  use(from: number, count = 1): void {
    for (let i = from; i < from + count && i < this.used.length; i++) if (i >= 0) this.used[i] = true;
  }

  useStems(stems: readonly string[]): void {
    for (let i = 0; i < this.list.length; i++)
      if (stems.some((stem) => matchesStem(this.list[i]!, stem))) this.used[i] = true;
  }

  /** Marks every occurrence of an exact text span ("3 бригады"). */
  useText(span: string): void {
    const parts = span.split(" ").filter(Boolean);
    for (let i = 0; i + parts.length <= this.list.length; i++) {
      if (parts.every((part, j) => this.list[i + j] === part)) this.use(i, parts.length);
    }
  }

  isUsed(index: number): boolean {
    return this.used[index] ?? true;
  }

  /** The words nothing has explained yet, in order. */
  rest(): string[] {
    return this.list.filter((_, i) => !this.used[i]);
  }

  get text(): string {
    return this.list.join(" ");
  }
}
