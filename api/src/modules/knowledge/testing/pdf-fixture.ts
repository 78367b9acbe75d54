// A tiny PDF writer for tests and the benchmark: Cyrillic text with the standard Helvetica font (Windows-1251
// bytes plus a ToUnicode map, so text extraction returns real Unicode), image-only pages (a "scan"), and an
// /Encrypt dictionary that needs a password. No library needed, and 200 pages are generated in milliseconds.

const decoder = new TextDecoder("windows-1251");
const CP1251 = new Map<string, number>();
for (let byte = 0x20; byte < 0x100; byte++) {
  const char = decoder.decode(Uint8Array.of(byte));
  if (char !== "\uFFFD" && !CP1251.has(char)) CP1251.set(char, byte);
}

const hex = (bytes: number[]) =>
  bytes
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
const encodeText = (text: string) => hex([...text].map((char) => CP1251.get(char) ?? 0x3f));
const utf16Hex = (text: string) =>
  "FEFF" +
  [...text]
    .map((c) => c.charCodeAt(0).toString(16).padStart(4, "0"))
    .join("")
    .toUpperCase();

export interface PdfFixtureOptions {
  title?: string;
  /** Pages drawn as one grey image and no text layer, like a scanner's output. */
  isImageOnly?: boolean;
  /** Adds an /Encrypt dictionary whose user password is not empty. */
  isEncrypted?: boolean;
}

/** Builds a PDF whose page i shows the lines of `pages[i]`. */
export function createPdf(pages: string[][], options: PdfFixtureOptions = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 0; // object number = index + 1
  const differences = [...CP1251.entries()]
    .filter(([, byte]) => byte >= 0x80)
    .map(([char, byte]) => `${byte} /uni${char.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`);
  const cmapEntries = [...CP1251.entries()].map(
    ([char, byte]) => `<${hex([byte])}> <${char.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}>`,
  );
  const chunks: string[] = [];
  for (let i = 0; i < cmapEntries.length; i += 100)
    chunks.push(
      `${Math.min(100, cmapEntries.length - i)} beginbfchar\n${cmapEntries.slice(i, i + 100).join("\n")}\nendbfchar`,
    );
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Cp1251 def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
${chunks.join("\n")}
endcmap CMapName currentdict /CMap defineresource pop end end`;

  add("<< /Type /Catalog /Pages 2 0 R >>"); // 1
  add("PAGES"); // 2, filled in below
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 4 0 R /ToUnicode 5 0 R >>"); // 3
  add(`<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [${differences.join(" ")}] >>`); // 4
  add(`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`); // 5
  add(
    `<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n${String.fromCharCode(90, 160, 200, 120)}\nendstream`,
  ); // 6
  const kids: number[] = [];
  for (const lines of pages) {
    const content = options.isImageOnly
      ? "q 500 0 0 700 50 70 cm /Im1 Do Q"
      : `BT /F1 11 Tf 14 TL 50 800 Td ${lines.map((line) => `<${encodeText(line)}> Tj T*`).join(" ")} ET`;
    const contentId = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((id) => `${id} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const infoId = add(`<< /Title <${utf16Hex(options.title ?? "")}> /Producer (cleaning-ops test fixture) >>`);
  const encryptId = options.isEncrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${"AB".repeat(32)}> /U <${"CD".repeat(32)}> /P -44 >>`)
    : undefined;

  let pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  const id = "0123456789ABCDEF0123456789ABCDEF";
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoId} 0 R${encryptId ? ` /Encrypt ${encryptId} 0 R` : ""} /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
