import { strFromU8, unzipSync } from "fflate";
import mammoth from "mammoth";
import readXlsxFile from "read-excel-file/node";
import { fileProblem } from "./knowledge-errors.ts";
import type { ExtractedDocument, ExtractedSection } from "./extract.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };
const decodeHtml = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .trim();

/**
 * The title from the document's properties (docProps/core.xml), not its first heading: a heading like "Общие
 * положения" would make unrelated documents look like versions of each other. The archive was already checked
 * by the zip guard, so reading one small entry is safe.
 */
function docxTitle(data: Uint8Array): string | undefined {
  try {
    const core = unzipSync(data, { filter: (file) => file.name === "docProps/core.xml" })["docProps/core.xml"];
    const title = core ? /<dc:title>([^<]*)<\/dc:title>/.exec(strFromU8(core))?.[1] : undefined;
    return title ? decodeHtml(title) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** DOCX through mammoth's HTML: headings start sections, so a hit can say "раздел «Оплата»". */
export async function extractDocx(data: Uint8Array): Promise<ExtractedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(data) })).value;
  } catch (error) {
    throw fileProblem("corrupt_file", `docx: ${(error as Error).message}`);
  }
  const sections: ExtractedSection[] = [];
  let current: ExtractedSection = { text: "" };
  for (const match of html.matchAll(/<(h[1-6]|p|li|tr)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const tag = match[1]!;
    const text = decodeHtml(tag === "tr" ? match[2]!.replace(/<\/t[dh]>/g, " | ") : match[2]!).replace(/\s*\|\s*$/, "");
    if (!text) continue;
    if (tag.startsWith("h")) {
      if (current.text.trim()) sections.push(current);
      current = { text: "", section: text };
      continue;
    }
    current.text += (current.text ? "\n" : "") + text;
  }
  if (current.text.trim()) sections.push(current);
  if (sections.length === 0) throw fileProblem("no_text", "docx without text");
  return { kind: "docx", title: docxTitle(data), sections };
}

type Cell = string | number | boolean | Date | null | undefined;
const cellText = (cell: Cell) =>
  cell === null || cell === undefined
    ? ""
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell).trim();

/**
 * Rows as "Заголовок: значение; ..." lines, grouped into blocks of about `blockChars` characters so a hit can
 * say "лист «Цены», строки 2–40". The first row is a header when every filled cell of it is text.
 */
export function rowsToSections(rows: Cell[][], sheet: string | undefined, blockChars = 1_500): ExtractedSection[] {
  const first = rows[0] ?? [];
  const isHeader =
    rows.length > 1 &&
    first.some((c) => cellText(c)) &&
    first.every((c) => c === null || c === undefined || typeof c === "string");
  const header = isHeader ? first.map(cellText) : [];
  const sections: ExtractedSection[] = [];
  let block: ExtractedSection | undefined;
  rows.forEach((row, index) => {
    if (isHeader && index === 0) return;
    const cells = row.map(cellText);
    if (!cells.some(Boolean)) return;
    const line = cells
      .map((value, col) => (value ? (header[col] ? `${header[col]}: ${value}` : value) : ""))
      .filter(Boolean)
      .join("; ");
    const rowNumber = index + 1;
    if (!block || block.text.length + line.length > blockChars) {
      if (block) sections.push(block);
      block = { text: "", sheet, firstRow: rowNumber, lastRow: rowNumber };
    }
    block.text += (block.text ? "\n" : "") + line;
    block.lastRow = rowNumber;
  });
  if (block) sections.push(block);
  return sections;
}

/** Every sheet of an XLSX workbook. */
export async function extractXlsx(data: Uint8Array): Promise<ExtractedDocument> {
  let sheets: { sheet: string; data: Cell[][] }[];
  try {
    sheets = (await readXlsxFile(Buffer.from(data))) as { sheet: string; data: Cell[][] }[];
  } catch (error) {
    throw fileProblem("corrupt_file", `xlsx: ${(error as Error).message}`);
  }
  const sections = sheets.flatMap((sheet) => rowsToSections(sheet.data, sheet.sheet));
  if (sections.length === 0) throw fileProblem("no_text", "xlsx without filled cells");
  return { kind: "xlsx", pageCount: undefined, sections };
}
