// What the assistant writes is for reading; what the voice says must be short and speakable. Dates like "27.11"
// become "27 ноября" (espeak reads "27 точка 11"), list markers and emoji go, long answers are cut at a sentence.

const MONTHS_GENITIVE = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];

/** Speech answers stop near this many characters: the full text is in the chat. */
export const MAX_SPOKEN_CHARS = 500;

/** A written answer turned into text for speech synthesis. */
export function toSpokenText(text: string, maxChars = MAX_SPOKEN_CHARS): string {
  let spoken = text
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, "")
    .replace(/(\d{1,2})\.(\d{1,2})(?:\.\d{4})?(?!\d)/g, (whole, day: string, month: string) => {
      const name = MONTHS_GENITIVE[Number(month) - 1];
      return name && Number(day) >= 1 && Number(day) <= 31 ? `${Number(day)} ${name}` : whole;
    })
    .replace(/№\s*/g, "номер ")
    .replace(/[*_`#>•]/g, " ")
    .replace(/^\s*\d+\.\s+/gm, "")
    .replace(/…/g, "...")
    .replace(/\s*\n+\s*/g, ". ")
    .replace(/\.(\s*\.)+/g, ".")
    .replace(/:\./g, ":")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^-+/, "");
  if (spoken.length > maxChars) {
    const cut = spoken.slice(0, maxChars);
    const sentenceEnd = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("! "), cut.lastIndexOf("? "));
    spoken = `${sentenceEnd > maxChars / 3 ? cut.slice(0, sentenceEnd + 1) : cut} Остальное — в сообщении.`;
  }
  return spoken;
}
