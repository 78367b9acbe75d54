// Scans and photos made on the spot for tests and the benchmark: Russian text drawn with DejaVu Sans (an npm
// font, so no system fonts are needed), optionally turned, faded or tagged with an EXIF orientation, and
// image-only or mixed PDFs built with pdf-lib.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { PDFDocument } from "pdf-lib";
import { rotateImage, type Rotation } from "../image-input.ts";

const require = createRequire(import.meta.url);
let isFontReady = false;
function ensureFont() {
  if (isFontReady) return;
  const dir = dirname(require.resolve("dejavu-fonts-ttf/package.json"));
  GlobalFonts.registerFromPath(join(dir, "ttf", "DejaVuSans.ttf"), "OCR Test Sans");
  isFontReady = true;
}

export interface PageImageOptions {
  /** Clockwise degrees the "camera" turned the page. */
  rotation?: Rotation;
  /** Grey text on a grey background, like a faded photocopy. */
  isLowContrast?: boolean;
  fontSize?: number;
  width?: number;
}

/** Lines of text on a white page, as a canvas. */
function drawPage(lines: string[], options: PageImageOptions = {}) {
  ensureFont();
  const fontSize = options.fontSize ?? 30;
  const lineHeight = Math.round(fontSize * 1.7);
  const width = options.width ?? 1240;
  const height = Math.max(400, lines.length * lineHeight + 2 * fontSize + 80);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d");
  g.fillStyle = options.isLowContrast ? "#b4b4b4" : "#ffffff";
  g.fillRect(0, 0, width, height);
  g.fillStyle = options.isLowContrast ? "#7a7a7a" : "#111111";
  g.font = `${fontSize}px "OCR Test Sans"`;
  lines.forEach((line, i) => g.fillText(line, 60, 60 + fontSize + i * lineHeight));
  return options.rotation ? rotateImage(canvas, options.rotation) : canvas;
}

/** A PNG "scan" of the lines. */
export function renderTextPng(lines: string[], options: PageImageOptions = {}): Buffer {
  return drawPage(lines, options).toBuffer("image/png");
}

/** A JPEG "phone photo" of the lines; `exifOrientation` (1-8) is written as the camera would. */
export function renderTextJpeg(lines: string[], options: PageImageOptions & { exifOrientation?: number } = {}): Buffer {
  const jpeg = drawPage(lines, options).toBuffer("image/jpeg", 92);
  return options.exifOrientation ? withExifOrientation(jpeg, options.exifOrientation) : jpeg;
}

/** Inserts an APP1 Exif segment holding only the Orientation tag right after the JPEG's SOI marker. */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write("II", 0, "latin1");
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // first IFD right after the header
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x0112, 10); // Orientation
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation, 18);
  tiff.writeUInt32LE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A PDF whose pages are images only (no text layer); `textPdf` pages (a PDF with a text layer) may be mixed in. */
export async function createScannedPdf(pages: (Buffer | { textPdf: Uint8Array; page: number })[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const page of pages) {
    if (Buffer.isBuffer(page)) {
      const image = await pdf.embedPng(page);
      // An A4 page (595×842 pt) with the scan filling its width.
      const scale = 595 / image.width;
      const sheet = pdf.addPage([595, Math.max(842, image.height * scale)]);
      sheet.drawImage(image, {
        x: 0,
        y: sheet.getHeight() - image.height * scale,
        width: 595,
        height: image.height * scale,
      });
    } else {
      const source = await PDFDocument.load(page.textPdf);
      const [copied] = await pdf.copyPages(source, [page.page - 1]);
      pdf.addPage(copied);
    }
  }
  return Buffer.from(await pdf.save());
}

/** Character error rate: edit distance between the texts (whitespace collapsed) over the expected length. */
export function characterErrorRate(expected: string, actual: string): number {
  const a = [...expected.replace(/\s+/g, " ").trim()];
  const b = [...actual.replace(/\s+/g, " ").trim()];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]! / Math.max(1, a.length);
}

/** Lines of a typical contract with a management company, numbered so every page differs. */
export function contractLines(page = 1): string[] {
  return [
    `Договор № ${page}/2026 на уборку подъездов`,
    "Исполнитель обязуется убирать лестничные клетки",
    "два раза в неделю: во вторник и в пятницу.",
    "Мытьё окон выполняется весной и осенью.",
    "Оплата производится ежемесячно до десятого числа.",
  ];
}
