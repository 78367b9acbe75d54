// What the pending summary says about a recognised document: that it was read by OCR, how sure the reader
// was, and which pages a person should check against the paper («плохо читается, проверьте»).
import type { DocumentSummary } from "../summary.ts";
import { LOW_CONFIDENCE } from "./recognizer.ts";

export interface OcrPageResult {
  /** The PDF page, or null for a photo. */
  page: number | null;
  confidence: number;
}

export interface OcrSummary {
  engine: "tesseract.js";
  /** Mean confidence over the recognised pages, 0-100. */
  confidence: number;
  pages: OcrPageResult[];
  /** Pages (null = the photo) below LOW_CONFIDENCE. */
  lowConfidencePages: (number | null)[];
  isLowConfidence: boolean;
}

/** Mean confidence and the flagged pages of a recognition. */
export function summarizeOcr(pages: OcrPageResult[]): OcrSummary {
  const confidence = pages.length ? Math.round(pages.reduce((sum, p) => sum + p.confidence, 0) / pages.length) : 0;
  const lowConfidencePages = pages.filter((p) => p.confidence < LOW_CONFIDENCE).map((p) => p.page);
  return {
    engine: "tesseract.js",
    confidence,
    pages,
    lowConfidencePages,
    isLowConfidence: lowConfidencePages.length > 0,
  };
}

/** The summary with the OCR lines added after its size line, and the figures kept under `ocr`. */
export function withOcrNotes(summary: DocumentSummary, ocr: OcrSummary): DocumentSummary & { ocr: OcrSummary } {
  const notes = [`Распознано с изображения (OCR), уверенность ${ocr.confidence}%`];
  if (ocr.isLowConfidence) {
    const where = ocr.lowConfidencePages.every((p) => p === null)
      ? "Фото"
      : `Стр. ${ocr.lowConfidencePages.filter((p) => p !== null).join(", ")}`;
    notes.push(`⚠️ ${where}: плохо читается, проверьте`);
  }
  const lines = summary.text.split("\n");
  lines.splice(Math.min(2, lines.length), 0, ...notes);
  return { ...summary, text: lines.join("\n"), ocr };
}
