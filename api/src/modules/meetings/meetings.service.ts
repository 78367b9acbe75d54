// Планёрка use cases, shared by the mini-app's routes and the bot: a meeting, its audio chunks (idempotent per
// sequence number), their transcription with the previous text as the prompt, the summary, reminders from its
// action items, and the jobs that transcribe the backlog and delete old audio.
import type { Prisma } from "../../../../prisma/client.ts";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { dayOfInstant, formatDayRu } from "../../lib/dates.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { createTask, getTask, loadParseScope } from "../tasks/tasks.service.ts";
import type { TaskTarget, TaskView } from "../tasks/tasks.schemas.ts";
import { detectAudioFormat } from "../voice/audio-format.ts";
import { encodeOggOpus, probeDurationSeconds } from "../voice/ffmpeg.ts";
import { resolveActionItem } from "./action-items.ts";
import { deleteMeetingAudio, readChunkAudio, saveChunkAudio } from "./meeting-audio.ts";
import { sharedMeetingEvents, type MeetingEvents } from "./meeting-events.ts";
import { toActionItemView, toMeetingView, toSegmentView, type MeetingRow } from "./meeting-view.ts";
import {
  MEETING_CHUNK_MAX_BYTES,
  MEETING_CHUNK_MAX_MS,
  MEETINGS_PAGE_SIZE,
  type ActionItemView,
  type MeetingListItem,
  type MeetingStatus,
  type MeetingView,
  type SegmentView,
  type SummaryView,
} from "./meetings.schemas.ts";
import { createMeetingSpeech, type MeetingSpeech } from "./speech.ts";
import { summarizeMeeting } from "./summary.ts";

export interface MeetingsDeps {
  ctx: ServiceContext;
  speech: MeetingSpeech;
  events: MeetingEvents;
}

/** The services meetings need, built from the context (tests pass their own speech or events). */
export function createMeetingsDeps(
  ctx: ServiceContext,
  overrides: Partial<Omit<MeetingsDeps, "ctx">> = {},
): MeetingsDeps {
  return { ctx, speech: overrides.speech ?? createMeetingSpeech(ctx), events: overrides.events ?? sharedMeetingEvents };
}

/** A segment is retried this many times (chunk upload, stop, backlog job) before it is left failed. */
export const MAX_SEGMENT_ATTEMPTS = 5;

const INCLUDE = { segments: { orderBy: { seq: "asc" } }, actionItems: { orderBy: { position: "asc" } } } as const;

function assertOffice(principal: Principal): void {
  if (!isOfficeRole(principal)) throw forbidden("Планёрки ведёт офис: администратор или менеджер");
}

const stoppedError = () =>
  new AppError("meeting_stopped", {
    status: 409,
    userMessage: "Планёрка уже завершена: новые фрагменты записи не принимаются",
  });

/** Whether a brigade lead may read the meeting: one of its action items names their brigade or one of its people. */
async function namesBrigade(ctx: ServiceContext, row: MeetingRow, brigadeId: number): Promise<boolean> {
  if (row.actionItems.some((item) => item.brigadeId === brigadeId)) return true;
  const employeeIds = row.actionItems.map((item) => item.employeeId).filter((id): id is number => id !== null);
  if (!employeeIds.length) return false;
  return (await ctx.db.prisma.employee.count({ where: { id: { in: employeeIds }, brigadeId } })) > 0;
}

async function loadMeeting(ctx: ServiceContext, meetingId: number): Promise<MeetingRow> {
  const row = await ctx.db.prisma.meeting.findUnique({ where: { id: meetingId }, include: INCLUDE });
  if (!row) throw notFound("Планёрка не найдена");
  return row;
}

const READERS_ONLY = "Планёрки доступны офису и бригадирам";

/** Office roles read every meeting; a brigade lead only those naming their brigade (others are not revealed: 404). */
async function loadReadable(ctx: ServiceContext, principal: Principal, meetingId: number): Promise<MeetingRow> {
  if (!isOfficeRole(principal) && principal.role !== "brigade_lead") throw forbidden(READERS_ONLY);
  const row = await loadMeeting(ctx, meetingId);
  if (isOfficeRole(principal)) return row;
  if (principal.brigadeId !== null && (await namesBrigade(ctx, row, principal.brigadeId))) return row;
  throw notFound("Планёрка не найдена");
}

async function viewOf(deps: MeetingsDeps, row: MeetingRow): Promise<MeetingView> {
  const creator = row.createdById
    ? await deps.ctx.db.prisma.employee.findUnique({ where: { id: row.createdById }, select: { name: true } })
    : null;
  return toMeetingView(row, { createdBy: creator?.name ?? null, isSttConfigured: deps.speech.isConfigured });
}

/** Starts a meeting; without a title it is «Планёрка 26.11.2026». */
export async function createMeeting(
  ctx: ServiceContext,
  options: { principal: Principal; title?: string; source?: "miniapp" | "telegram" },
): Promise<{ id: number }> {
  assertOffice(options.principal);
  const now = ctx.clock.now();
  const title = options.title?.trim() || `Планёрка ${formatDayRu(dayOfInstant(now, ctx.config.timeZone))}`;
  const createdById = options.principal.employeeId > 0 ? options.principal.employeeId : null;
  const row = await ctx.db.prisma.meeting.create({
    data: {
      title,
      status: "recording",
      source: options.source ?? "miniapp",
      createdById,
      startedAt: now,
      createdAt: now,
      updatedAt: now,
    },
  });
  return { id: row.id };
}

/** How long a chunk plays: what the recorder said, else the container's header, else by decoding it. */
async function durationOf(audio: Buffer, extension: string): Promise<number> {
  const declared = await probeDurationSeconds(audio, { inputExtension: extension });
  if (declared !== undefined && declared > 0) return Math.round(declared * 1000);
  const decoded = await encodeOggOpus(audio, { inputExtension: extension, maxSeconds: MEETING_CHUNK_MAX_MS / 1000 });
  return Math.round(decoded.durationSeconds * 1000);
}

async function refreshTranscript(ctx: ServiceContext, meetingId: number): Promise<void> {
  await ctx.db.query(
    `UPDATE meetings SET transcript = coalesce((SELECT string_agg(text, ' ' ORDER BY seq) FROM meeting_segments
       WHERE meeting_id = $1 AND status = 'done' AND text <> ''), '') WHERE id = $1`,
    [meetingId],
  );
}

/** Recognises one stored segment; a failure marks it failed (the job retries it) and the meeting goes on. */
async function transcribeSegment(deps: MeetingsDeps, segmentId: number): Promise<SegmentView> {
  const { ctx } = deps;
  const segment = await ctx.db.prisma.meetingSegment.findUniqueOrThrow({ where: { id: segmentId } });
  if (!segment.audioPath || !deps.speech.isConfigured) return toSegmentView(segment);
  const previous = await ctx.db.prisma.meetingSegment.findMany({
    where: { meetingId: segment.meetingId, seq: { lt: segment.seq }, status: "done", text: { not: "" } },
    orderBy: { seq: "desc" },
    take: 4,
    select: { text: true },
  });
  const prompt = previous
    .reverse()
    .map((s) => s.text)
    .join(" ");
  let update: { text: string; status: string; error: string | null };
  try {
    const audio = await readChunkAudio(ctx.config, segment.audioPath);
    const format = detectAudioFormat(audio);
    if (!format) throw new Error("stored chunk is not audio");
    update = { text: await deps.speech.transcribe({ audio, format, prompt }), status: "done", error: null };
  } catch (error) {
    ctx.logger.warn(
      { err: error, meetingId: segment.meetingId, seq: segment.seq },
      "meeting chunk recognition failed; will retry",
    );
    update = { text: "", status: "failed", error: error instanceof Error ? error.message.slice(0, 500) : "error" };
  }
  const saved = await ctx.db.prisma.meetingSegment.update({
    where: { id: segment.id },
    data: { ...update, attempts: { increment: 1 }, updatedAt: ctx.clock.now() },
  });
  if (saved.status === "done") await refreshTranscript(ctx, segment.meetingId);
  const view = toSegmentView(saved);
  deps.events.publish(segment.meetingId, { type: "segment", data: view });
  return view;
}

export interface AddChunkInput {
  principal: Principal;
  meetingId: number;
  seq: number;
  audio: Buffer;
  startMs?: number;
  durationMs?: number;
}

/**
 * Stores one chunk of audio and returns its text. The same `seq` twice returns the first result (a page re-sends
 * chunks it is unsure about); a failed one is stored and recognised again.
 */
export async function addMeetingChunk(deps: MeetingsDeps, input: AddChunkInput): Promise<{ segments: SegmentView[] }> {
  const { ctx } = deps;
  assertOffice(input.principal);
  const meeting = await ctx.db.prisma.meeting.findUnique({ where: { id: input.meetingId } });
  if (!meeting) throw notFound("Планёрка не найдена");
  const existing = await ctx.db.prisma.meetingSegment.findUnique({
    where: { meetingId_seq: { meetingId: meeting.id, seq: input.seq } },
  });
  if (existing && (existing.status === "done" || meeting.status !== "recording"))
    return { segments: [toSegmentView(existing)] };
  if (meeting.status !== "recording") throw stoppedError();
  if (input.audio.length > MEETING_CHUNK_MAX_BYTES) {
    throw new AppError("chunk_too_large", {
      status: 413,
      userMessage: `Фрагмент больше ${MEETING_CHUNK_MAX_BYTES / 1024 / 1024} МБ: отправляйте запись частями по несколько секунд`,
    });
  }
  const format = detectAudioFormat(input.audio);
  if (!format) {
    throw new AppError("unsupported_media_type", {
      status: 415,
      userMessage: "Фрагмент не похож на аудиозапись: ожидается WebM/Ogg (Opus), MP4/AAC, WAV или MP3",
    });
  }
  const durationMs = input.durationMs ?? (await durationOf(input.audio, format.extension));
  if (durationMs > MEETING_CHUNK_MAX_MS)
    throw badRequest("chunk_too_long", "Фрагмент длиннее 10 минут: отправляйте запись частями");
  let startMs = input.startMs;
  if (startMs === undefined) {
    const before = await ctx.db.prisma.meetingSegment.findFirst({
      where: { meetingId: meeting.id, seq: { lt: input.seq } },
      orderBy: { seq: "desc" },
    });
    startMs = before?.endMs ?? 0;
  }
  const endMs = startMs + durationMs;
  const maxMs = ctx.config.meetings.maxMinutes * 60_000;
  if (endMs > maxMs + 60_000) {
    throw new AppError("meeting_too_long", {
      status: 413,
      userMessage: `Планёрка длиннее ${ctx.config.meetings.maxMinutes} минут: остановите запись и начните новую`,
    });
  }
  const audioPath = await saveChunkAudio(ctx.config, meeting.id, input.seq, format.extension, input.audio);
  const now = ctx.clock.now();
  const data = {
    startMs,
    endMs,
    audioPath,
    audioFormat: format.extension,
    audioBytes: input.audio.length,
    status: "pending",
    updatedAt: now,
  };
  let segmentId: number;
  if (existing) {
    segmentId = (await ctx.db.prisma.meetingSegment.update({ where: { id: existing.id }, data })).id;
  } else {
    try {
      segmentId = (
        await ctx.db.prisma.meetingSegment.create({
          data: { ...data, meetingId: meeting.id, seq: input.seq, createdAt: now },
        })
      ).id;
    } catch (error) {
      // The same chunk sent twice at once: the other request stored it first.
      if ((error as { code?: string }).code === "P2002") {
        const winner = await ctx.db.prisma.meetingSegment.findUniqueOrThrow({
          where: { meetingId_seq: { meetingId: meeting.id, seq: input.seq } },
        });
        return { segments: [toSegmentView(winner)] };
      }
      throw error;
    }
  }
  await ctx.db.query(`UPDATE meetings SET duration_ms = GREATEST(duration_ms, $2), updated_at = $3 WHERE id = $1`, [
    meeting.id,
    endMs,
    now,
  ]);
  if (!deps.speech.isConfigured) {
    const pending = await ctx.db.prisma.meetingSegment.findUniqueOrThrow({ where: { id: segmentId } });
    deps.events.publish(meeting.id, { type: "segment", data: toSegmentView(pending) });
    return { segments: [toSegmentView(pending)] };
  }
  return { segments: [await transcribeSegment(deps, segmentId)] };
}

/** Summarises what is transcribed so far and replaces the action items (unless reminders were made of them). */
async function summarizeAndSave(deps: MeetingsDeps, meetingId: number, principal: Principal): Promise<void> {
  const { ctx } = deps;
  const row = await loadMeeting(ctx, meetingId);
  const open = row.segments.filter(
    (s) => s.status !== "done" && s.audioPath && (s.status === "pending" || s.attempts < MAX_SEGMENT_ATTEMPTS),
  ).length;
  const status: MeetingStatus = open > 0 && !row.audioDeletedAt ? "processing" : "done";
  if (row.actionItems.some((item) => item.taskId !== null)) {
    await ctx.db.prisma.meeting.update({ where: { id: meetingId }, data: { status, updatedAt: ctx.clock.now() } });
    return;
  }
  const scope = await loadParseScope(ctx, { principal });
  const draft = await summarizeMeeting(ctx, { title: row.title, transcript: row.transcript, scope });
  const summary: SummaryView = {
    engine: draft.engine,
    overview: draft.overview,
    decisions: draft.decisions,
    note: draft.note,
  };
  const items = draft.assignments.map((assignment, index) => ({
    ...resolveActionItem(assignment, scope),
    position: index + 1,
    meetingId,
  }));
  await ctx.db.prisma.$transaction([
    ctx.db.prisma.meetingActionItem.deleteMany({ where: { meetingId } }),
    ctx.db.prisma.meetingActionItem.createMany({ data: items }),
    ctx.db.prisma.meeting.update({
      where: { id: meetingId },
      data: {
        summary: summary as unknown as Prisma.InputJsonValue,
        summaryEngine: draft.engine,
        status,
        updatedAt: ctx.clock.now(),
      },
    }),
  ]);
  const saved = await ctx.db.prisma.meetingActionItem.findMany({ where: { meetingId }, orderBy: { position: "asc" } });
  deps.events.publish(meetingId, { type: "summary", data: { summary, actionItems: saved.map(toActionItemView) } });
  deps.events.publish(meetingId, { type: "status", data: { status } });
}

/** Ends the recording: failed chunks get another try, then the summary and the action items. Stopping twice is harmless. */
export async function stopMeeting(
  deps: MeetingsDeps,
  options: { principal: Principal; meetingId: number },
): Promise<MeetingView> {
  const { ctx } = deps;
  assertOffice(options.principal);
  const meeting = await ctx.db.prisma.meeting.findUnique({ where: { id: options.meetingId } });
  if (!meeting) throw notFound("Планёрка не найдена");
  if (meeting.status === "recording") {
    const now = ctx.clock.now();
    const stopped = await ctx.db.prisma.meeting.updateMany({
      where: { id: meeting.id, status: "recording" },
      data: { status: "processing", stoppedAt: now, updatedAt: now },
    });
    if (stopped.count === 1) {
      deps.events.publish(meeting.id, { type: "status", data: { status: "processing" } });
      const retry = await ctx.db.prisma.meetingSegment.findMany({
        where: {
          meetingId: meeting.id,
          status: "failed",
          attempts: { lt: MAX_SEGMENT_ATTEMPTS },
          audioPath: { not: null },
        },
        orderBy: { seq: "asc" },
      });
      for (const segment of retry) await transcribeSegment(deps, segment.id);
      await summarizeAndSave(deps, meeting.id, options.principal);
    }
  }
  return viewOf(deps, await loadMeeting(ctx, meeting.id));
}

export async function getMeeting(
  deps: MeetingsDeps,
  options: { principal: Principal; meetingId: number },
): Promise<MeetingView> {
  return viewOf(deps, await loadReadable(deps.ctx, options.principal, options.meetingId));
}

/** Past meetings, newest first, or those whose title or transcript match `search` (Russian full-text). */
export async function listMeetings(
  ctx: ServiceContext,
  options: { principal: Principal; search?: string; page?: number },
): Promise<{ items: MeetingListItem[]; total: number; page: number; pageSize: number }> {
  const { principal } = options;
  if (!isOfficeRole(principal) && principal.role !== "brigade_lead") throw forbidden(READERS_ONLY);
  const page = options.page ?? 1;
  const params: unknown[] = [MEETINGS_PAGE_SIZE, (page - 1) * MEETINGS_PAGE_SIZE];
  const where: string[] = [];
  if (!isOfficeRole(principal)) {
    params.push(principal.brigadeId ?? -1);
    where.push(`EXISTS (SELECT 1 FROM meeting_action_items a LEFT JOIN employees e ON e.id = a.employee_id
      WHERE a.meeting_id = m.id AND (a.brigade_id = $${params.length} OR e.brigade_id = $${params.length}))`);
  }
  let rank = "";
  let snippet = `left(m.transcript, 160)`;
  if (options.search) {
    params.push(options.search);
    const q = `websearch_to_tsquery('russian', $${params.length})`;
    // The same expression as the GIN index meetings_search_idx, so the index serves it.
    where.push(`to_tsvector('russian', m.title || ' ' || m.transcript) @@ ${q}`);
    rank = `ts_rank(to_tsvector('russian', m.title || ' ' || m.transcript), ${q}) DESC, `;
    snippet = `ts_headline('russian', m.transcript, ${q}, 'MaxWords=25, MinWords=8, MaxFragments=1, StartSel=«, StopSel=»')`;
  }
  const rows = await ctx.db.query<{
    id: number;
    title: string;
    status: string;
    started_at: Date;
    duration_ms: number;
    items: number;
    snippet: string;
    total: number;
  }>(
    `SELECT m.id, m.title, m.status, m.started_at, m.duration_ms, ${snippet} AS snippet,
            (SELECT count(*)::int FROM meeting_action_items i WHERE i.meeting_id = m.id) AS items, count(*) OVER ()::int AS total
       FROM meetings m ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY ${rank}m.started_at DESC, m.id DESC LIMIT $1 OFFSET $2`,
    params,
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status as MeetingStatus,
      startedAt: new Date(row.started_at).toISOString(),
      durationMs: row.duration_ms,
      actionItemsCount: row.items,
      snippet: row.snippet ?? "",
    })),
    total: rows[0]?.total ?? 0,
    page,
    pageSize: MEETINGS_PAGE_SIZE,
  };
}

/** Deletes a meeting with its transcript, action items and audio (reminders already made stay). */
export async function deleteMeeting(
  ctx: ServiceContext,
  options: { principal: Principal; meetingId: number },
): Promise<void> {
  assertOffice(options.principal);
  const deleted = await ctx.db.prisma.meeting.deleteMany({ where: { id: options.meetingId } });
  if (deleted.count === 0) throw notFound("Планёрка не найдена");
  await deleteMeetingAudio(ctx.config, options.meetingId);
}

/**
 * Makes the reminder of action item `n` through the same use case as POST /api/ai-tasks: to whom it names, on
 * the morning it is due, unless the person chose another recipient or time. A second call returns the same task.
 */
export async function createActionItemTask(
  deps: MeetingsDeps,
  options: { principal: Principal; meetingId: number; n: number; at?: string; target?: TaskTarget; text?: string },
): Promise<{ task: TaskView; actionItem: ActionItemView; isNew: boolean }> {
  const { ctx } = deps;
  await loadReadable(ctx, options.principal, options.meetingId);
  const item = await ctx.db.prisma.meetingActionItem.findUnique({
    where: { meetingId_position: { meetingId: options.meetingId, position: options.n } },
  });
  if (!item) throw notFound(`Поручение №${options.n} не найдено`);
  if (item.taskId !== null) {
    try {
      return {
        task: await getTask(ctx, { principal: options.principal, taskId: item.taskId }),
        actionItem: toActionItemView(item),
        isNew: false,
      };
    } catch (error) {
      if (!(error instanceof AppError && error.status === 404)) throw error;
    }
  }
  const target: TaskTarget | undefined =
    options.target ??
    (item.brigadeId !== null
      ? { brigadeId: item.brigadeId }
      : item.employeeId !== null
        ? { employeeId: item.employeeId }
        : undefined);
  if (!target)
    throw badRequest(
      "action_item_target_unknown",
      "В поручении не назван исполнитель: выберите бригаду или сотрудника",
    );
  const at = options.at ?? item.remindAt?.toISOString();
  if (!at)
    throw badRequest(
      "action_item_time_unknown",
      "В поручении не назван срок (или он прошёл): укажите, когда напомнить",
    );
  const task = await createTask(ctx, {
    principal: options.principal,
    input: { text: options.text ?? item.text, target, at },
  });
  const saved = await ctx.db.prisma.meetingActionItem.update({ where: { id: item.id }, data: { taskId: task.id } });
  return { task, actionItem: toActionItemView(saved), isNew: true };
}

/** Job: recognises chunks stored while recognition was off or failing, then summarises the meetings they complete. */
export async function transcribeMeetingBacklog(deps: MeetingsDeps, options: { limit?: number } = {}): Promise<number> {
  const { ctx } = deps;
  if (!deps.speech.isConfigured) return 0;
  const segments = await ctx.db.prisma.meetingSegment.findMany({
    where: {
      audioPath: { not: null },
      OR: [{ status: "pending" }, { status: "failed", attempts: { lt: MAX_SEGMENT_ATTEMPTS } }],
    },
    orderBy: [{ meetingId: "asc" }, { seq: "asc" }],
    take: options.limit ?? 50,
  });
  for (const segment of segments) await transcribeSegment(deps, segment.id);
  const meetingIds = [...new Set(segments.map((s) => s.meetingId))];
  const waiting = await ctx.db.prisma.meeting.findMany({ where: { id: { in: meetingIds }, status: "processing" } });
  for (const meeting of waiting) {
    const creator = meeting.createdById
      ? await ctx.db.prisma.employee.findUnique({ where: { id: meeting.createdById } })
      : null;
    const principal: Principal = creator
      ? {
          employeeId: creator.id,
          telegramId: creator.telegramId,
          name: creator.name,
          role: creator.role,
          brigadeId: creator.brigadeId,
          isDemo: false,
        }
      : { employeeId: 0, telegramId: null, name: "Планёрка", role: "admin", brigadeId: null, isDemo: true };
    await summarizeAndSave(deps, meeting.id, principal);
  }
  return segments.length;
}

/** Job: deletes the audio of meetings older than MEETINGS_AUDIO_DAYS (the transcript and summary stay). */
export async function deleteOldMeetingAudio(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.config.meetings.audioDays * 86_400_000);
  const old = await ctx.db.prisma.meeting.findMany({
    where: { audioDeletedAt: null, startedAt: { lt: before }, status: { not: "recording" } },
    select: { id: true },
  });
  for (const { id } of old) {
    await deleteMeetingAudio(ctx.config, id);
    await ctx.db.prisma.$transaction([
      ctx.db.prisma.meetingSegment.updateMany({ where: { meetingId: id }, data: { audioPath: null, updatedAt: now } }),
      ctx.db.prisma.meeting.update({ where: { id }, data: { audioDeletedAt: now, updatedAt: now } }),
    ]);
  }
  return old.length;
}
