// A meeting as a .txt (plain UTF-8, what the original system exported) and as a .docx for editing in Word.
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { formatDayRu, wallClockOf } from "../../lib/dates.ts";
import type { MeetingView } from "./meetings.schemas.ts";
import { formatOffset } from "./meeting-view.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** "26.11.2026 10:00–10:45 (45 мин)" in APP_TIMEZONE. */
export function describeWhen(meeting: MeetingView, timeZone: string): string {
  const start = wallClockOf(new Date(meeting.startedAt), timeZone);
  const day = formatDayRu(`${start.year}-${pad(start.month)}-${pad(start.day)}`);
  const from = `${pad(start.hour)}:${pad(start.minute)}`;
  if (!meeting.stoppedAt) return `${day} ${from}, идёт запись`;
  const end = wallClockOf(new Date(meeting.stoppedAt), timeZone);
  return `${day} ${from}–${pad(end.hour)}:${pad(end.minute)} (${Math.max(1, Math.round(meeting.durationMs / 60_000))} мин)`;
}

/** The organiser and whoever the action items name: the meeting records no voices, only what was said. */
export function participantsOf(meeting: MeetingView): string {
  const names = new Set<string>();
  if (meeting.createdBy) names.add(meeting.createdBy);
  for (const item of meeting.actionItems) if (item.who) names.add(item.who.label);
  return names.size ? [...names].join(", ") : "не указаны";
}

export function actionItemLine(item: MeetingView["actionItems"][number]): string {
  const parts = [item.who ? `кто: ${item.who.label}` : null, item.when ? `когда: ${item.when.label}` : null].filter(
    Boolean,
  );
  return `${item.n}. ${item.text}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

interface Section {
  heading: string;
  lines: string[];
}

function sectionsOf(meeting: MeetingView): Section[] {
  const transcript = meeting.segments.filter((s) => s.text).map((s) => `[${formatOffset(s.startMs)}] ${s.text}`);
  const sections: Section[] = [
    { heading: "Расшифровка", lines: transcript.length ? transcript : [meeting.transcriptNote ?? "Расшифровки нет."] },
  ];
  if (meeting.transcriptNote && transcript.length) sections[0]!.lines.push(meeting.transcriptNote);
  if (meeting.summary) {
    sections.push({ heading: "Итоги", lines: meeting.summary.overview.map((line) => `• ${line}`) });
    sections.push({
      heading: "Решения",
      lines: meeting.summary.decisions.length ? meeting.summary.decisions.map((line) => `• ${line}`) : ["—"],
    });
    sections.push({
      heading: "Поручения",
      lines: meeting.actionItems.length ? meeting.actionItems.map(actionItemLine) : ["—"],
    });
    if (meeting.summary.note) sections.push({ heading: "", lines: [meeting.summary.note] });
  }
  return sections;
}

function headerOf(meeting: MeetingView, timeZone: string): string[] {
  return [
    `Планёрка: ${meeting.title}`,
    `Дата: ${describeWhen(meeting, timeZone)}`,
    `Участники: ${participantsOf(meeting)}`,
  ];
}

export function exportMeetingText(meeting: MeetingView, timeZone: string): string {
  const lines = [...headerOf(meeting, timeZone)];
  for (const section of sectionsOf(meeting)) {
    lines.push("");
    if (section.heading) lines.push(section.heading, "-".repeat(section.heading.length));
    lines.push(...section.lines);
  }
  return `${lines.join("\n")}\n`;
}

// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, " ");

export async function exportMeetingDocx(meeting: MeetingView, timeZone: string): Promise<Buffer> {
  const [title, ...header] = headerOf(meeting, timeZone);
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(clean(title!))] }),
    ...header.map((line) => new Paragraph({ children: [new TextRun(clean(line))] })),
  ];
  for (const section of sectionsOf(meeting)) {
    if (section.heading)
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          spacing: { before: 240 },
          children: [new TextRun(section.heading)],
        }),
      );
    for (const line of section.lines)
      children.push(new Paragraph({ spacing: { after: 60 }, children: [new TextRun(clean(line))] }));
  }
  const document = new Document({ creator: "Планёрка", title: clean(meeting.title), sections: [{ children }] });
  return Packer.toBuffer(document);
}
