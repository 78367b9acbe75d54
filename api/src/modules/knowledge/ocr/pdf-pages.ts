// Which pages of a PDF are scans, and those pages as pictures. A page counts as scanned when it paints an image
// and its text layer has (almost) no letters; pages with a text layer keep it, blank pages are skipped.
import { getDocumentProxy, getResolvedPDFJS, renderPageAsImage } from "unpdf";
import { fileProblem } from "../knowledge-errors.ts";

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

/** Fewer letters than this on a page with an image: a stamp or a page number, not a text layer. */
const MIN_PAGE_LETTERS = 20;
/** Rendering target: a long side of ~2500 px is an A4 page at about 210 dpi, plenty for 10 pt type and a third
 * fewer pixels (so a third less recognition time) than 250 dpi. */
const RENDER_LONG_SIDE = 2500;

export interface PdfPagePlan {
  pageCount: number;
  title?: string;
  /** Text-layer pages (kept as they are). */
  textPages: { page: number; text: string }[];
  /** Pages to recognise. */
  scannedPages: number[];
}

/** Opens a PDF; with `maxImagePixels`, pdf.js skips embedded images larger than that instead of decoding them. */
export async function openPdf(data: Uint8Array, maxImagePixels = -1): Promise<PdfProxy> {
  try {
    // pdf.js detaches the buffer it is given: hand it a copy.
    return await getDocumentProxy(new Uint8Array(data), {
      isEvalSupported: false,
      verbosity: 0,
      disableFontFace: true,
      useSystemFonts: false,
      maxImageSize: maxImagePixels,
    });
  } catch (error) {
    // The same answers as the text extraction gives (extract-pdf.ts).
    if ((error as Error)?.name === "PasswordException")
      throw fileProblem("encrypted_file", `pdf: ${(error as Error).message}`);
    throw fileProblem("corrupt_file", `pdf: ${(error as Error)?.message}`);
  }
}

/** Splits a PDF's pages into text-layer pages and scanned ones. */
export async function planPdfPages(data: Uint8Array): Promise<PdfPagePlan> {
  const pdf = await openPdf(data);
  const { OPS } = await getResolvedPDFJS();
  // paintImageXObject, paintInlineImageXObject, paintImageMaskXObject and their group/repeat forms.
  const imageOps = new Set(
    Object.entries(OPS)
      .filter(([name]) => /^paint.*Image/.test(name))
      .map(([, code]) => code as number),
  );
  try {
    const textPages: PdfPagePlan["textPages"] = [];
    const scannedPages: number[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : ""))
        .join("")
        .replace(/[ \t]+/g, " ")
        .trim();
      const letters = (text.match(/\p{L}/gu) ?? []).length;
      if (letters >= MIN_PAGE_LETTERS) textPages.push({ page: pageNumber, text });
      else {
        const operators = await page.getOperatorList();
        if (operators.fnArray.some((op) => imageOps.has(op))) scannedPages.push(pageNumber);
        else if (text) textPages.push({ page: pageNumber, text });
      }
      page.cleanup();
    }
    const meta = await pdf.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
    return { pageCount: pdf.numPages, title, textPages, scannedPages };
  } finally {
    await pdf.destroy();
  }
}

/** Renders one page to a PNG about RENDER_LONG_SIDE px long, never above `maxPixels`. */
export async function renderPdfPage(pdf: PdfProxy, pageNumber: number, maxPixels: number): Promise<Buffer> {
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1 });
  let scale = RENDER_LONG_SIDE / Math.max(viewport.width, viewport.height);
  scale = Math.min(scale, Math.sqrt(maxPixels / (viewport.width * viewport.height)));
  try {
    const png = await renderPageAsImage(pdf, pageNumber, { canvasImport: () => import("@napi-rs/canvas"), scale });
    return Buffer.from(png);
  } finally {
    // unpdf leaves the page's decoded images cached in pdf.js: ~35 MB a 300 dpi page, for every page of the scan.
    page.cleanup();
  }
}
