// Search snippets arrive HTML-escaped with matches wrapped in <b>…</b>. They are split into plain text and
// highlighted parts and rendered as React text, so nothing from a document is ever parsed as HTML.

export interface SnippetPart {
  text: string;
  isHighlight: boolean;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);

/** Splits a snippet at <b> and </b>; every other tag-looking text stays literal text. */
export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let isHighlight = false;
  for (const piece of snippet.split(/(<\/?b>)/)) {
    if (piece === "<b>") isHighlight = true;
    else if (piece === "</b>") isHighlight = false;
    else if (piece) parts.push({ text: decode(piece), isHighlight });
  }
  return parts;
}
