// Addresses are typed on the stairs with one hand: "кибальчича 3" must find "улица Кибальчича, 3". We keep a
// normalised copy of each address (lower case, ё -> е, no street-type words, digits split from letters) and
// match the query's words against it as word prefixes.

const STREET_WORDS = new Set([
  "улица",
  "ул",
  "проспект",
  "пр",
  "пр-т",
  "просп",
  "переулок",
  "пер",
  "проезд",
  "пр-д",
  "шоссе",
  "ш",
  "бульвар",
  "б-р",
  "бул",
  "площадь",
  "пл",
  "набережная",
  "наб",
  "тупик",
  "дом",
  "д",
  "корпус",
  "корп",
  "к",
  "строение",
  "стр",
  "город",
  "г",
  "гор",
  "область",
  "обл",
  "калуга",
  "микрорайон",
  "мкр",
  "квартал",
  "кв-л",
]);

/** Words of a text as our search sees them. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/(\d)([а-яa-z])/g, "$1 $2")
    .replace(/[^0-9а-яa-z-]+/g, " ")
    .split(" ")
    .map((word) => word.replace(/^-+|-+$/g, ""))
    .filter((word) => word && !STREET_WORDS.has(word));
}

/** The stored search text of an address: its words between spaces, so " word" marks a word start. */
export function buildSearchText(address: string): string {
  return ` ${searchWords(address).join(" ")} `;
}

/** SQL LIKE patterns for a query: words match as prefixes, numbers as whole house numbers. */
export function searchPatterns(query: string): string[] {
  return searchWords(query).map((word) => (/^\d+$/.test(word) ? `% ${word} %` : `% ${escapeLike(word)}%`));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
