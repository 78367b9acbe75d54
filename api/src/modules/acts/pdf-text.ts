// Text on the act's PDF pages: the DejaVu Sans Condensed files (npm dejavu-fonts-ttf), a fontkit without shaping
// for pdf-lib, and line wrapping by measured width.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

const require = createRequire(import.meta.url);
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;
/** The font files, read once per process (about 1 MB together). */
export function fontBytes() {
  fontFiles ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf")),
  };
  return fontFiles;
}

/**
 * pdf-lib runs fontkit's full OpenType layout (GSUB/GPOS shaping) for every string it measures or draws: 90% of
 * the time of an act. An act needs no shaping (Cyrillic and Latin, no ligatures), so each font file is parsed
 * once per process and its `layout` maps characters straight to glyphs (kerning is not applied).
 */
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
const parsedFonts = new Map<Uint8Array, ReturnType<Fontkit["create"]>>();
export const unshapedFontkit: Fontkit = {
  create(data, postscriptName) {
    let font = parsedFonts.get(data);
    if (!font) {
      const parsed = fontkit.create(data, postscriptName);
      font = Object.create(parsed, {
        layout: { value: (text: string) => ({ glyphs: parsed.glyphsForString(text) }) },
      }) as typeof parsed;
      parsedFonts.set(data, font);
    }
    return font;
  },
};

// Line breaks and control characters would break pdf-lib's text operators; a document shows them as spaces.
// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Splits text into lines no wider than `width`; a word longer than a line is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of clean(text).split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}
