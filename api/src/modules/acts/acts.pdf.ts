// The act as an A4 PDF with a real Cyrillic font (DejaVu Sans Condensed from the dejavu-fonts-ttf package,
// subset into each file), drawn with pdf-lib: header with both parties, the visits table (wrapped cells, the
// header repeated on every page), totals, the sum and signature lines. Several acts share one document and one
// font subset (a management company's acts in one file).
import { PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";
import { formatDayRu } from "../../lib/dates.ts";
import { formatRubles } from "./act-tariff.ts";
import type { ActDocument } from "./act-document.ts";
import { fontBytes, unshapedFontkit, wrap, type Fonts } from "./pdf-text.ts";

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = { left: 48, right: 40, top: 44, bottom: 48 };
const WIDTH = PAGE[0] - MARGIN.left - MARGIN.right;
type Color = readonly [number, number, number];
const BLACK: Color = [0, 0, 0];
const GREY: Color = [0.42, 0.42, 0.42];
const LINE: Color = [0.55, 0.55, 0.55];
const HEADER_FILL: Color = [0.92, 0.92, 0.92];
const WARNING: Color = [0.7, 0.18, 0.1];
const BLANK = "________________";

interface Column {
  title: string;
  width: number;
  align?: "left" | "center";
  value: (visit: ActDocument["visits"][number], index: number) => string;
}

const COLUMNS: Column[] = [
  { title: "№", width: 22, align: "center", value: (_visit, index) => String(index + 1) },
  { title: "Дата", width: 56, align: "center", value: (visit) => formatDayRu(visit.date) },
  { title: "Вид работ", width: 168, value: (visit) => visit.kindLabel },
  { title: "Статус", width: 66, value: (visit) => visit.statusLabel },
  { title: "Завершено", width: 56, align: "center", value: (visit) => visit.finishedLabel ?? "—" },
  { title: "Исполнитель", width: 101, value: (visit) => visit.reportedBy ?? "—" },
  {
    title: "Фото",
    width: 38,
    align: "center",
    value: (visit) => (visit.status === "done" ? (visit.photoCount ? String(visit.photoCount) : "нет") : "—"),
  },
];

const num = (value: number) => String(Math.round(value * 100) / 100);
const rgbOf = (color: Color) => color.map(num).join(" ");

/**
 * Draws one act from the current position, adding pages as it goes. Each page's drawing is written as PDF
 * content-stream text and compressed when the page is done: pdf-lib's drawText/drawRectangle keep a dozen
 * operator objects per call until the file is saved, which for a 100-house company cost seconds and ~100 MB.
 */
class ActWriter {
  private page: PDFPage | undefined;
  private ops: string[] = [];
  private y = 0;
  readonly pages: PDFPage[] = [];
  private fontKeys = new Map<PDFPage, Map<PDFFont, string>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {}

  newPage(): void {
    this.flush();
    this.page = this.doc.addPage(PAGE);
    this.pages.push(this.page);
    this.y = PAGE[1] - MARGIN.top;
  }

  /** Compresses what was drawn on the current page into a content stream of that page. */
  flush(): void {
    if (this.page && this.ops.length) this.addStream(this.page, this.ops);
    this.ops = [];
  }

  private addStream(page: PDFPage, ops: string[]): void {
    const context = this.doc.context;
    page.node.addContentStream(context.register(context.flateStream(ops.join("\n"))));
  }

  private fontKey(page: PDFPage, font: PDFFont): string {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref).toString()));
    return key;
  }

  /** One line of text with its baseline at (x, y), on the current page (or into `ops` of `page`). */
  private drawLine(
    line: string,
    x: number,
    y: number,
    size: number,
    font: PDFFont,
    color: Color = BLACK,
    target?: { page: PDFPage; ops: string[] },
  ): void {
    const page = target?.page ?? this.page!;
    (target?.ops ?? this.ops).push(
      `BT ${rgbOf(color)} rg ${this.fontKey(page, font)} ${num(size)} Tf 1 0 0 1 ${num(x)} ${num(y)} Tm ${font.encodeText(line).toString()} Tj ET`,
    );
  }

  private ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom) return false;
    this.newPage();
    return true;
  }

  gap(points: number): void {
    this.y -= points;
  }

  text(
    text: string,
    options: { size?: number; isBold?: boolean; align?: "left" | "center"; color?: Color; indent?: number } = {},
  ): void {
    const size = options.size ?? 10;
    const font = options.isBold ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const lineHeight = size * 1.3;
    for (const line of wrap(text, font, size, WIDTH - indent)) {
      this.ensure(lineHeight);
      const lineWidth = font.widthOfTextAtSize(line, size);
      const x = options.align === "center" ? MARGIN.left + (WIDTH - lineWidth) / 2 : MARGIN.left + indent;
      this.drawLine(line, x, this.y - size, size, font, options.color);
      this.y -= lineHeight;
    }
  }

  /** A "label: value" line; an empty value is a blank to fill in by hand. */
  field(label: string, value: string | null | undefined): void {
    this.text(`${label}: ${value?.trim() ? value : BLANK}`);
  }

  private tableRow(cells: string[], isHeader: boolean): void {
    const size = 8.5;
    const lineHeight = 10.5;
    const padding = 3;
    const font = isHeader ? this.fonts.bold : this.fonts.regular;
    const wrapped = cells.map((cell, index) => wrap(cell, font, size, COLUMNS[index]!.width - padding * 2));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + padding * 2;
    if (this.ensure(height) && !isHeader)
      this.tableRow(
        COLUMNS.map((column) => column.title),
        true,
      );
    const bottom = this.y - height;
    if (isHeader)
      this.ops.push(`${rgbOf(HEADER_FILL)} rg ${num(MARGIN.left)} ${num(bottom)} ${num(WIDTH)} ${num(height)} re f`);
    const borders = [`${rgbOf(LINE)} RG 0.5 w`];
    let x = MARGIN.left;
    wrapped.forEach((lines, index) => {
      const column = COLUMNS[index]!;
      borders.push(`${num(x)} ${num(bottom)} ${num(column.width)} ${num(height)} re`);
      lines.forEach((line, lineIndex) => {
        const lineWidth = font.widthOfTextAtSize(line, size);
        const textX = column.align === "center" || isHeader ? x + (column.width - lineWidth) / 2 : x + padding;
        this.drawLine(line, textX, this.y - padding - size - lineIndex * lineHeight + 1.5, size, font);
      });
      x += column.width;
    });
    this.ops.push(`${borders.join(" ")} S`);
    this.y = bottom;
  }

  visitsTable(act: ActDocument): void {
    this.tableRow(
      COLUMNS.map((column) => column.title),
      true,
    );
    act.visits.forEach((visit, index) =>
      this.tableRow(
        COLUMNS.map((column) => column.value(visit, index)),
        false,
      ),
    );
  }

  signatures(act: ActDocument): void {
    const size = 10;
    const lineHeight = 15;
    this.ensure(lineHeight * 6);
    const half = WIDTH / 2;
    const columns = [
      ["Исполнитель", act.company.name ?? BLANK, `____________ / ${act.company.director ?? BLANK} /`, "М. П."],
      ["Заказчик", act.managementCompany?.title ?? BLANK, `____________ / ${BLANK} /`, "М. П."],
    ];
    let lowest = this.y;
    columns.forEach((lines, columnIndex) => {
      let y = this.y;
      lines.forEach((line, lineIndex) => {
        const font = lineIndex === 0 ? this.fonts.bold : this.fonts.regular;
        for (const part of wrap(line, font, size, half - 12)) {
          this.drawLine(part, MARGIN.left + columnIndex * half, y - size, size, font);
          y -= lineHeight;
        }
        if (lineIndex === 2) y -= 4;
      });
      lowest = Math.min(lowest, y);
    });
    this.y = lowest;
  }

  /** "Акт № … · стр. 1 из 2" under every page of this act. */
  footer(act: ActDocument): void {
    this.flush();
    const size = 7.5;
    this.pages.forEach((page, index) => {
      const text = `Акт № ${act.number} · ${act.house.address} · стр. ${index + 1} из ${this.pages.length}`;
      const lines = wrap(text, this.fonts.regular, size, WIDTH);
      const ops: string[] = [];
      this.drawLine(lines[0]!, MARGIN.left, MARGIN.bottom - 22, size, this.fonts.regular, GREY, { page, ops });
      this.addStream(page, ops);
    });
  }
}

function drawAct(doc: PDFDocument, fonts: Fonts, act: ActDocument): void {
  const w = new ActWriter(doc, fonts);
  w.newPage();
  if (act.status === "draft") w.text("ЧЕРНОВИК", { size: 9, isBold: true, color: WARNING });
  w.text(`АКТ № ${act.number}`, { size: 14, isBold: true, align: "center" });
  w.text(`выполненных работ по уборке за ${act.monthLabel}`, { size: 11, align: "center" });
  w.text(`от ${formatDayRu(act.issuedOn)}`, { size: 10, align: "center", color: GREY });
  w.gap(10);
  w.field("Исполнитель", act.company.name);
  w.field("ИНН", act.company.inn);
  w.field("Адрес", act.company.address);
  w.gap(4);
  w.field("Заказчик", act.managementCompany?.title);
  w.gap(4);
  w.text(`Объект: ${act.house.address}`, { isBold: true });
  const size = (value: number | null) => (value === null ? "—" : String(value));
  w.text(
    `Квартир: ${size(act.house.apartments)}, подъездов: ${size(act.house.entrances)}, этажей: ${size(act.house.floors)}`,
  );
  w.text(`Период: ${act.monthLabel}`);
  if (act.status === "draft" && act.warnings.length) {
    w.gap(4);
    w.text(`Перед отправкой проверьте: ${act.warnings.join("; ")}.`, { size: 9, color: WARNING });
  }
  w.gap(8);
  if (act.visits.length === 0) {
    w.text(`За ${act.monthLabel} уборок по этому дому не было запланировано.`);
  } else {
    w.visitsTable(act);
  }
  w.gap(10);
  const { totals } = act;
  w.text(
    `Итого: запланировано — ${totals.planned}, выполнено — ${totals.done}, пропущено — ${totals.missed}` +
      (totals.pending ? `, не выполнено на дату акта — ${totals.pending}` : "") +
      ".",
    { isBold: true },
  );
  w.text(`Тариф: ${act.sum.tariff ?? "не указан"}`);
  w.text(
    act.sum.amount === null
      ? `Сумма: не рассчитана (${act.sum.basis})`
      : `Сумма: ${formatRubles(act.sum.amount)} (${act.sum.basis})`,
    { isBold: act.sum.amount !== null },
  );
  if (totals.planned > 0 && totals.missed === 0 && totals.pending === 0) {
    w.gap(4);
    w.text(
      "Работы выполнены в полном объёме и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.",
      { size: 9 },
    );
  }
  w.gap(22);
  w.signatures(act);
  w.footer(act);
}

async function newDocument(title: string, now: Date): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(unshapedFontkit);
  const files = fontBytes();
  const [regular, bold] = await Promise.all([
    doc.embedFont(files.regular, { subset: true }),
    doc.embedFont(files.bold, { subset: true }),
  ]);
  doc.setTitle(title);
  doc.setLanguage("ru-RU");
  doc.setCreator("Клининг");
  doc.setProducer("Клининг · pdf-lib");
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return { doc, fonts: { regular, bold } };
}

/** One act as a PDF file. `now` dates the file (the product's clock). */
export async function renderActPdf(act: ActDocument, now: Date): Promise<Uint8Array> {
  return renderActsPdf([act], `Акт № ${act.number} — ${act.house.address}`, now);
}

/** Several acts in one PDF, each from a new page (all houses of a management company). */
export async function renderActsPdf(acts: ActDocument[], title: string, now: Date): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument(title, now);
  for (const act of acts) drawAct(doc, fonts, act);
  if (acts.length === 0) {
    const page = doc.addPage(PAGE);
    page.drawText("Нет домов для актов за этот месяц.", {
      x: MARGIN.left,
      y: PAGE[1] - MARGIN.top - 12,
      size: 12,
      font: fonts.regular,
    });
  }
  return doc.save();
}
