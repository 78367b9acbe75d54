// Text extraction keeps positions (page, section, sheet and rows) so that every search hit can be cited.
import { detectFileKind, type DocumentKind } from "./detect-type.ts";
import { extractDocx, extractXlsx, rowsToSections } from "./extract-office.ts";
import { extractPdf } from "./extract-pdf.ts";
import { fileProblem } from "./knowledge-errors.ts";

export interface ExtractedSection {
  text: string;
  page?: number;
  section?: string;
  sheet?: string;
  firstRow?: number;
  lastRow?: number;
}

export interface ExtractedDocument {
  kind: DocumentKind;
  /** A title found inside the file (PDF metadata, the first heading); the caller falls back to the name. */
  title?: string;
  pageCount?: number;
  sections: ExtractedSection[];
}

export interface ExtractOptions {
  fileName: string;
  /** Budget for inflating DOCX/XLSX archives (zip bombs). */
  maxUnzippedBytes: number;
}

/** Detects the type by content and extracts positioned text; throws a file problem (AppError) for bad files. */
export async function extractDocument(data: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
  const detected = detectFileKind(data, options.fileName, options.maxUnzippedBytes);
  let document: ExtractedDocument;
  if (detected.kind === "pdf") document = await extractPdf(data);
  else if (detected.kind === "docx") document = await extractDocx(data);
  else if (detected.kind === "xlsx") document = await extractXlsx(data);
  else if (detected.kind === "csv")
    document = { kind: "csv", sections: rowsToSections(parseCsv(detected.text!), undefined) };
  else if (detected.kind === "md") document = extractMarkdown(detected.text!);
  else document = { kind: "txt", sections: [{ text: detected.text!.trim() }] };
  const letters = document.sections.reduce((sum, s) => sum + (s.text.match(/\p{L}|\p{N}/gu)?.length ?? 0), 0);
  if (letters === 0) throw fileProblem("no_text", `${document.kind} without letters`);
  return document;
}

function extractMarkdown(text: string): ExtractedDocument {
  const sections: ExtractedSection[] = [];
  let current: ExtractedSection = { text: "" };
  let title: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*$/.exec(line);
    if (heading) {
      if (current.text.trim()) sections.push({ ...current, text: current.text.trim() });
      current = { text: "", section: heading[1] };
      title ??= heading[1];
    } else current.text += line + "\n";
  }
  if (current.text.trim()) sections.push({ ...current, text: current.text.trim() });
  return { kind: "md", title, sections };
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, ";" "," or tab as the separator. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const separator = [";", "\t", ","].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (isQuoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') isQuoted = false;
      else field += char;
    } else if (char === '"' && field === "") isQuoted = true;
    else if (char === separator) endField();
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endField();
      rows.push(row);
      row = [];
    } else field += char;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
