// Files are recognised by their bytes, never by the name a sender chose. The name only breaks ties that the
// bytes cannot (Markdown and CSV are both plain text).
import { fileProblem } from "./knowledge-errors.ts";
import { inspectZip } from "./zip-guard.ts";

export type DocumentKind = "pdf" | "docx" | "xlsx" | "csv" | "md" | "txt";

export interface DetectedFile {
  kind: DocumentKind;
  /** Decoded text for the plain-text kinds. */
  text?: string;
}

const startsWith = (data: Uint8Array, bytes: number[]) => bytes.every((byte, i) => data[i] === byte);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Detects the kind of an uploaded file by magic bytes and structure; throws a file problem for the rest. */
export function detectFileKind(data: Uint8Array, fileName: string, maxUnzippedBytes: number): DetectedFile {
  if (data.length === 0) throw fileProblem("empty_file");
  // Some generators put a few bytes (a BOM, whitespace) before the header; PDF readers accept up to 1 KB.
  const head = Buffer.from(data.subarray(0, 1024)).toString("latin1");
  if (startsWith(data, PDF) || head.includes("%PDF-")) return { kind: "pdf" };
  if (startsWith(data, ZIP)) {
    const { names } = inspectZip(data, maxUnzippedBytes);
    if (names.includes("word/document.xml")) return { kind: "docx" };
    if (names.includes("xl/workbook.xml")) return { kind: "xlsx" };
    throw fileProblem("unsupported_type", "zip archive that is neither DOCX nor XLSX");
  }
  if (startsWith(data, OLE)) {
    // Password-protected DOCX/XLSX are stored as an OLE container holding an "EncryptedPackage" stream.
    const utf16 = Buffer.from("EncryptedPackage", "utf16le");
    if (Buffer.from(data).includes(utf16)) throw fileProblem("encrypted_file", "OLE container with EncryptedPackage");
    throw fileProblem("unsupported_type", "legacy .doc/.xls (OLE) file");
  }
  const text = decodeText(data);
  if (text === undefined) throw fileProblem("unsupported_type", "binary file of unknown type");
  if (!text.trim()) throw fileProblem("empty_file", "text file with whitespace only");
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || looksLikeCsv(text)) return { kind: "csv", text };
  if (lower.endsWith(".md") || lower.endsWith(".markdown") || /^#{1,3} \S/m.test(text)) return { kind: "md", text };
  return { kind: "txt", text };
}

/** UTF-8 (with or without BOM), else Windows-1251 (what Russian Excel and Notepad still write); undefined for binary. */
function decodeText(data: Uint8Array): string | undefined {
  const sample = data.subarray(0, 64 * 1024);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return undefined;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) controls++;
  }
  if (controls > sample.length / 100) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1251").decode(data);
  }
}

function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 20);
  if (lines.length < 3) return false;
  for (const separator of [";", ",", "\t"]) {
    const counts = lines.map((line) => line.split(separator).length - 1);
    if (counts[0]! >= 1 && counts.every((count) => count === counts[0])) return true;
  }
  return false;
}
