// Telegram refuses a message text longer than 4,096 characters ("message is too long").

export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Splits a text into parts Telegram accepts, breaking at a paragraph, a line, a "; " between list items (which
 * is dropped), a sentence or a space, in that order of preference, so no word or address is cut; a text that
 * fits is one part.
 */
export function splitTelegramText(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let end = limit;
    let next = limit;
    // A break in the first half would leave a stub of a message: a weaker separator further on is better.
    for (const [separator, kept] of [
      ["\n\n", 0],
      ["\n", 0],
      ["; ", 0],
      [". ", 1],
      [" ", 0],
    ] as const) {
      const at = window.lastIndexOf(separator);
      if (at > limit / 2) {
        end = at + kept;
        next = at + separator.length;
        break;
      }
    }
    parts.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(next).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
