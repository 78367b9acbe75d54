import { z } from "../../lib/openapi.ts";
import {
  idSchema,
  int4Schema,
  isoDateTimeSchema,
  queryInt4Schema,
  queryTextSchema,
  safeText,
} from "../../lib/schemas.ts";
import { taskSchema, taskTargetBody } from "../tasks/tasks.schemas.ts";

export const MEETING_STATUSES = ["recording", "processing", "done"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const SEGMENT_STATUSES = ["pending", "done", "failed"] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

/** The most a single chunk may carry: a few seconds from the page, or five minutes from the bot's split. */
export const MEETING_CHUNK_MAX_BYTES = 10 * 1024 * 1024;
export const MEETING_CHUNK_MAX_MS = 10 * 60_000;
export const MEETINGS_PAGE_SIZE = 20;

export const createMeetingBody = z
  .object({ title: safeText("title", { max: 200 }).optional() })
  .openapi("CreateMeeting");
export const createMeetingResponse = z.object({ id: z.number() }).openapi("CreatedMeeting");

export const meetingIdParams = z.object({ id: idSchema("id") });
export const actionItemParams = z.object({ id: idSchema("id"), n: idSchema("n") });

/** Multipart fields beside `file`: the chunk's number and, when the recorder knows them, its place in the meeting. */
export const chunkFields = z
  .object({
    seq: int4Schema("seq", { min: 0, max: 100_000 }),
    startMs: z.preprocess((v) => (v === "" ? undefined : v), int4Schema("startMs", { min: 0 }).optional()),
    durationMs: z.preprocess(
      (v) => (v === "" ? undefined : v),
      int4Schema("durationMs", { min: 1, max: MEETING_CHUNK_MAX_MS }).optional(),
    ),
    file: z
      .any()
      .optional()
      .openapi({ type: "string", format: "binary", description: "аудио фрагмента (WebM/Ogg Opus, MP4/AAC, WAV, MP3)" }),
  })
  .openapi("MeetingChunk");

export const segmentSchema = z
  .object({
    seq: z.number(),
    startMs: z.number(),
    endMs: z.number(),
    text: z.string(),
    status: z.enum(SEGMENT_STATUSES),
  })
  .openapi("MeetingSegment");
export type SegmentView = z.infer<typeof segmentSchema>;

export const chunkResponse = z.object({ segments: z.array(segmentSchema) }).openapi("MeetingChunkResult");

export const actionItemSchema = z
  .object({
    n: z.number(),
    text: z.string(),
    who: z
      .object({ label: z.string(), brigadeId: z.number().nullable(), employeeId: z.number().nullable() })
      .nullable(),
    when: z.object({ label: z.string(), dueDay: z.string().nullable(), remindAt: z.string().nullable() }).nullable(),
    taskId: z.number().nullable(),
  })
  .openapi("MeetingActionItem");
export type ActionItemView = z.infer<typeof actionItemSchema>;

export const summarySchema = z
  .object({
    /** llm, or offline: picked sentences, made without AI. */
    engine: z.enum(["llm", "offline"]),
    overview: z.array(z.string()),
    decisions: z.array(z.string()),
    note: z.string().nullable(),
  })
  .openapi("MeetingSummary");
export type SummaryView = z.infer<typeof summarySchema>;

export const meetingSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    status: z.enum(MEETING_STATUSES),
    source: z.enum(["miniapp", "telegram"]),
    createdBy: z.string().nullable(),
    startedAt: z.string(),
    stoppedAt: z.string().nullable(),
    durationMs: z.number(),
    segments: z.array(segmentSchema),
    /** Why the transcript is empty or incomplete, in Russian (recognition not configured, fragments failing). */
    transcriptNote: z.string().nullable(),
    summary: summarySchema.nullable(),
    actionItems: z.array(actionItemSchema),
    isAudioDeleted: z.boolean(),
  })
  .openapi("Meeting");
export type MeetingView = z.infer<typeof meetingSchema>;

export const listMeetingsQuery = z.object({
  search: queryTextSchema("search", { max: 200 }),
  page: queryInt4Schema("page", { min: 1, max: 10_000 }),
});

export const meetingListItemSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    status: z.enum(MEETING_STATUSES),
    startedAt: z.string(),
    durationMs: z.number(),
    actionItemsCount: z.number(),
    /** The matching words in context when searching, else the start of the transcript. */
    snippet: z.string(),
  })
  .openapi("MeetingListItem");
export type MeetingListItem = z.infer<typeof meetingListItemSchema>;

export const meetingListResponse = z
  .object({ items: z.array(meetingListItemSchema), total: z.number(), page: z.number(), pageSize: z.number() })
  .openapi("MeetingList");

export const actionItemTaskBody = z
  .object({
    at: isoDateTimeSchema("at").optional(),
    target: taskTargetBody.optional(),
    text: safeText("text", { min: 1, max: 4000 }).optional(),
  })
  .openapi("MeetingActionItemTask");

export const actionItemTaskResponse = z
  .object({ task: taskSchema, actionItem: actionItemSchema, isNew: z.boolean() })
  .openapi("MeetingActionItemTaskResult");
