// Rows to the shapes the mini-app, the bot and the exports read.
import type { Meeting, MeetingActionItem, MeetingSegment } from "../../../../prisma/client.ts";
import type {
  ActionItemView,
  MeetingStatus,
  MeetingView,
  SegmentStatus,
  SegmentView,
  SummaryView,
} from "./meetings.schemas.ts";

export type MeetingRow = Meeting & { segments: MeetingSegment[]; actionItems: MeetingActionItem[] };

export const STT_MISSING_NOTE =
  "Распознавание речи не настроено (STT_BASE_URL или OPENAI_API_KEY): запись сохранена, текст появится, когда администратор его настроит.";

/** "04:05" or "1:02:03" from the start of the meeting. */
export function formatOffset(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

export const toSegmentView = (row: MeetingSegment): SegmentView => ({
  seq: row.seq,
  startMs: row.startMs,
  endMs: row.endMs,
  text: row.text,
  status: row.status as SegmentStatus,
});

export const toActionItemView = (row: MeetingActionItem): ActionItemView => ({
  n: row.position,
  text: row.text,
  who: row.whoLabel ? { label: row.whoLabel, brigadeId: row.brigadeId, employeeId: row.employeeId } : null,
  when:
    row.whenLabel || row.dueDay
      ? { label: row.whenLabel ?? row.dueDay!, dueDay: row.dueDay, remindAt: row.remindAt?.toISOString() ?? null }
      : null,
  taskId: row.taskId,
});

function transcriptNoteOf(row: MeetingRow, isSttConfigured: boolean): string | null {
  const pending = row.segments.filter((s) => s.status === "pending").length;
  const failed = row.segments.filter((s) => s.status === "failed").length;
  if (pending + failed === 0) return null;
  if (row.audioDeletedAt) return `Аудио удалено по сроку хранения: ${pending + failed} фрагм. так и не распознаны.`;
  if (!isSttConfigured) return STT_MISSING_NOTE;
  if (failed > 0) return `Не распознано фрагментов: ${failed}. Повторю попытку автоматически.`;
  return `Распознаю фрагментов: ${pending}.`;
}

export function toMeetingView(
  row: MeetingRow,
  options: { createdBy: string | null; isSttConfigured: boolean },
): MeetingView {
  return {
    id: row.id,
    title: row.title,
    status: row.status as MeetingStatus,
    source: row.source === "telegram" ? "telegram" : "miniapp",
    createdBy: options.createdBy,
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    segments: row.segments.map(toSegmentView),
    transcriptNote: transcriptNoteOf(row, options.isSttConfigured),
    summary: (row.summary as SummaryView | null) ?? null,
    actionItems: row.actionItems.map(toActionItemView),
    isAudioDeleted: row.audioDeletedAt !== null,
  };
}
