// The act as a Word document (the `docx` package) for managers who edit it before signing: the same content as
// the PDF, with a real table Word can change.
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from "docx";
import { formatDayRu } from "../../lib/dates.ts";
import { formatRubles } from "./act-tariff.ts";
import type { ActDocument } from "./act-document.ts";

const BLANK = "________________";
// A4 in twentieths of a point, margins 2 cm / 1.5 cm.
const A4 = { width: 11906, height: 16838 };
const MARGINS = { top: 1000, bottom: 1000, left: 1134, right: 850 };
const COLUMNS: { title: string; width: number }[] = [
  { title: "№", width: 5 },
  { title: "Дата", width: 12 },
  { title: "Вид работ", width: 32 },
  { title: "Статус", width: 13 },
  { title: "Завершено", width: 11 },
  { title: "Исполнитель", width: 19 },
  { title: "Фото", width: 8 },
];

// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, " ");

type LineOptions = {
  isBold?: boolean;
  size?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  after?: number;
  isPageBreakBefore?: boolean;
};
const line = (text: string, options: LineOptions = {}) =>
  new Paragraph({
    alignment: options.align,
    pageBreakBefore: options.isPageBreakBefore,
    spacing: { after: options.after ?? 60 },
    children: [new TextRun({ text: clean(text), bold: options.isBold, size: options.size })],
  });

const field = (label: string, value: string | null | undefined) => line(`${label}: ${value?.trim() ? value : BLANK}`);

function cell(text: string, width: number, isHeader = false) {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: [new Paragraph({ children: [new TextRun({ text: clean(text), bold: isHeader, size: 18 })] })],
  });
}

function visitsTable(act: ActDocument): Table {
  const header = new TableRow({
    tableHeader: true,
    children: COLUMNS.map((column) => cell(column.title, column.width, true)),
  });
  const rows = act.visits.map(
    (visit, index) =>
      new TableRow({
        children: [
          String(index + 1),
          formatDayRu(visit.date),
          visit.kindLabel,
          visit.statusLabel,
          visit.finishedLabel ?? "—",
          visit.reportedBy ?? "—",
          visit.status === "done" ? (visit.photoCount ? String(visit.photoCount) : "нет") : "—",
        ].map((text, column) => cell(text, COLUMNS[column]!.width)),
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] });
}

/** One act's paragraphs and table; every act after the first starts a new page. */
function actBlocks(act: ActDocument, isFirst: boolean): (Paragraph | Table)[] {
  const { totals } = act;
  const size = (value: number | null) => (value === null ? "—" : String(value));
  const opening =
    act.status === "draft" ? [line("ЧЕРНОВИК", { isBold: true, size: 18, isPageBreakBefore: !isFirst })] : [];
  return [
    ...opening,
    line(`АКТ № ${act.number}`, {
      isBold: true,
      size: 28,
      align: AlignmentType.CENTER,
      isPageBreakBefore: !isFirst && opening.length === 0,
    }),
    line(`выполненных работ по уборке за ${act.monthLabel}`, { align: AlignmentType.CENTER }),
    line(`от ${formatDayRu(act.issuedOn)}`, { align: AlignmentType.CENTER, after: 200 }),
    field("Исполнитель", act.company.name),
    field("ИНН", act.company.inn),
    field("Адрес", act.company.address),
    field("Заказчик", act.managementCompany?.title),
    line(`Объект: ${act.house.address}`, { isBold: true }),
    line(
      `Квартир: ${size(act.house.apartments)}, подъездов: ${size(act.house.entrances)}, этажей: ${size(act.house.floors)}`,
    ),
    line(`Период: ${act.monthLabel}`, { after: act.status === "draft" && act.warnings.length ? 60 : 200 }),
    ...(act.status === "draft" && act.warnings.length
      ? [line(`Перед отправкой проверьте: ${act.warnings.join("; ")}.`, { after: 200 })]
      : []),
    act.visits.length === 0
      ? line(`За ${act.monthLabel} уборок по этому дому не было запланировано.`)
      : visitsTable(act),
    line(""),
    line(
      `Итого: запланировано — ${totals.planned}, выполнено — ${totals.done}, пропущено — ${totals.missed}` +
        (totals.pending ? `, не выполнено на дату акта — ${totals.pending}` : "") +
        ".",
      { isBold: true },
    ),
    line(`Тариф: ${act.sum.tariff ?? "не указан"}`),
    line(
      act.sum.amount === null
        ? `Сумма: не рассчитана (${act.sum.basis})`
        : `Сумма: ${formatRubles(act.sum.amount)} (${act.sum.basis})`,
      {
        isBold: act.sum.amount !== null,
        after: 400,
      },
    ),
    line("Исполнитель", { isBold: true }),
    line(act.company.name ?? BLANK),
    line(`____________ / ${act.company.director ?? BLANK} /`, { after: 300 }),
    line("Заказчик", { isBold: true }),
    line(act.managementCompany?.title ?? BLANK),
    line(`____________ / ${BLANK} /`),
  ];
}

/** One act (or several, each from a new page) as a .docx file. */
export async function renderActDocx(acts: ActDocument[], title: string): Promise<Buffer> {
  const doc = new Document({
    title,
    creator: "Клининг",
    styles: { default: { document: { run: { font: "Arial", size: 20 } } } },
    // One section for all: a section per act made a 100-house file several times heavier to build.
    sections: [
      {
        properties: { page: { size: A4, margin: MARGINS } },
        children: acts.flatMap((act, index) => actBlocks(act, index === 0)),
      } satisfies ISectionOptions,
    ],
  });
  return Packer.toBuffer(doc);
}
