import { getDocumentProxy } from "unpdf";
import { fileProblem } from "./knowledge-errors.ts";
import type { ExtractedDocument, ExtractedSection } from "./extract.ts";

/** Text of every page with its page number; encrypted, corrupt and image-only PDFs become file problems. */
export async function extractPdf(data: Uint8Array): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(data), {
      isEvalSupported: false,
      stopAtErrors: true,
      verbosity: 0,
      // Text extraction needs no glyph shapes: skipping font loading halves the time per page.
      disableFontFace: true,
      useSystemFonts: false,
    });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "PasswordException") throw fileProblem("encrypted_file", `pdf: ${(error as Error).message}`);
    throw fileProblem("corrupt_file", `pdf: ${(error as Error)?.message}`);
  }
  try {
    const sections: ExtractedSection[] = [];
    let letters = 0;
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : "");
      }
      page.cleanup();
      text = text.replace(/[ \t]+/g, " ").trim();
      letters += (text.match(/\p{L}/gu) ?? []).length;
      if (text) sections.push({ text, page: pageNumber });
    }
    // A scan has pages but (almost) no text layer; a few stray letters from a stamp do not make it text.
    if (letters < 20) throw fileProblem("no_text", `pdf with ${pdf.numPages} pages and ${letters} letters`);
    const meta = await pdf.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
    return { kind: "pdf", title, pageCount: pdf.numPages, sections };
  } catch (error) {
    if ((error as { code?: string }).code) throw error;
    throw fileProblem("corrupt_file", `pdf page: ${(error as Error)?.message}`);
  } finally {
    await pdf.destroy();
  }
}
