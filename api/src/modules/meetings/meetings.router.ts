import { Router, type ErrorRequestHandler, type Response } from "express";
import multer from "multer";
import { AppError } from "../../lib/errors.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { contentDisposition } from "../acts/act-files.ts";
import { exportMeetingDocx, exportMeetingText } from "./meeting-export.ts";
import type { MeetingEvent } from "./meeting-events.ts";
import {
  actionItemParams,
  actionItemTaskBody,
  actionItemTaskResponse,
  chunkFields,
  chunkResponse,
  createMeetingBody,
  createMeetingResponse,
  listMeetingsQuery,
  MEETING_CHUNK_MAX_BYTES,
  meetingIdParams,
  meetingListResponse,
  meetingSchema,
} from "./meetings.schemas.ts";
import {
  addMeetingChunk,
  createActionItemTask,
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetings,
  stopMeeting,
  type MeetingsDeps,
} from "./meetings.service.ts";

export const MEETINGS_MOUNT = "/meetings";
const OPENAPI_MOUNT = `/api${MEETINGS_MOUNT}`;
/** A comment line every so often keeps proxies from closing a quiet event stream. */
const HEARTBEAT_MS = 15_000;

const uploadErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof multer.MulterError) {
    const isTooLarge = error.code === "LIMIT_FILE_SIZE";
    return next(
      new AppError(isTooLarge ? "chunk_too_large" : "invalid_upload", {
        status: isTooLarge ? 413 : 400,
        userMessage: isTooLarge
          ? `Фрагмент больше ${MEETING_CHUNK_MAX_BYTES / 1024 / 1024} МБ: отправляйте запись частями по несколько секунд`
          : "Отправьте фрагмент одним файлом в поле «file» и его номер в поле «seq»",
      }),
    );
  }
  next(error);
};

function sendFile(res: Response, fileName: string, contentType: string, body: Buffer | string) {
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Disposition", contentDisposition(fileName, false));
  res.send(body);
}

/** /api/meetings: планёрки recorded in chunks, their live transcript, summary, exports and reminders. */
export function createMeetingsRouter(deps: MeetingsDeps, registry: OpenAPIRegistry): Router {
  const { ctx } = deps;
  const router = Router();
  const common = { mount: OPENAPI_MOUNT, tags: ["meetings"] };
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MEETING_CHUNK_MAX_BYTES, files: 1, fields: 10 },
  });

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/",
      status: 201,
      summary: "Начать планёрку",
      body: createMeetingBody,
      response: createMeetingResponse,
    },
    ({ principal, body }) => createMeeting(ctx, { principal, title: body.title }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/",
      summary: "Прошедшие планёрки; search — полнотекстовый поиск по расшифровкам",
      query: listMeetingsQuery,
      response: meetingListResponse,
    },
    ({ principal, query }) => listMeetings(ctx, { principal, search: query.search, page: query.page }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/:id",
      summary: "Планёрка: расшифровка, итоги, поручения",
      params: meetingIdParams,
      response: meetingSchema,
    },
    ({ principal, params }) => getMeeting(deps, { principal, meetingId: params.id }),
  );

  router.post("/:id/chunks", upload.single("file"), uploadErrors);
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/:id/chunks",
      summary: "Фрагмент записи (multipart: file, seq; повтор того же seq возвращает прежний результат)",
      params: meetingIdParams,
      body: chunkFields,
      bodyContentType: "multipart/form-data",
      response: chunkResponse,
    },
    async ({ principal, params, body, req }) => {
      if (!req.file)
        throw new AppError("file_required", { status: 400, userMessage: "Прикрепите фрагмент записи в поле «file»" });
      return addMeetingChunk(deps, {
        principal,
        meetingId: params.id,
        seq: body.seq,
        audio: req.file.buffer,
        startMs: body.startMs,
        durationMs: body.durationMs,
      });
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/:id/stop",
      summary: "Остановить запись: итоги и поручения",
      params: meetingIdParams,
      response: meetingSchema,
    },
    ({ principal, params }) => stopMeeting(deps, { principal, meetingId: params.id }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/:id/events",
      summary: "Поток событий (SSE): segment, status, summary",
      params: meetingIdParams,
      responseContent: {
        description: "text/event-stream",
        content: { "text/event-stream": { schema: { type: "string" } } },
      },
    },
    async ({ principal, params, req, res }) => {
      const meeting = await getMeeting(deps, { principal, meetingId: params.id });
      // no-transform: the compression middleware would otherwise hold the events back.
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      const send = (event: MeetingEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      send({ type: "status", data: { status: meeting.status } });
      for (const segment of meeting.segments) send({ type: "segment", data: segment });
      if (meeting.summary)
        send({ type: "summary", data: { summary: meeting.summary, actionItems: meeting.actionItems } });
      // Only a client that asks for a stream (EventSource always does) is kept listening; any other gets the
      // state once. A done meeting, or one waiting for recognition that is not configured, has nothing more to say.
      const isWaitingForever = meeting.status === "processing" && !deps.speech.isConfigured;
      if (meeting.status === "done" || isWaitingForever || !/text\/event-stream/.test(req.get("accept") ?? "")) {
        return void res.end();
      }
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      const close = () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (!res.writableEnded) res.end();
      };
      const unsubscribe = deps.events.subscribe(params.id, (event) => {
        send(event);
        if (event.type === "status" && event.data.status === "done") close();
      });
      req.on("close", close);
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/:id/export.txt",
      summary: "Экспорт в .txt: дата, участники, расшифровка с отметками времени, итоги, поручения",
      params: meetingIdParams,
      responseContent: { description: "text/plain", content: { "text/plain": { schema: { type: "string" } } } },
    },
    async ({ principal, params, res }) => {
      const meeting = await getMeeting(deps, { principal, meetingId: params.id });
      sendFile(
        res,
        `Планёрка ${meeting.id}.txt`,
        "text/plain; charset=utf-8",
        exportMeetingText(meeting, ctx.config.timeZone),
      );
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/:id/export.docx",
      summary: "Экспорт в Word (.docx)",
      params: meetingIdParams,
      responseContent: {
        description: "DOCX",
        content: {
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
            schema: { type: "string", format: "binary" },
          },
        },
      },
    },
    async ({ principal, params, res }) => {
      const meeting = await getMeeting(deps, { principal, meetingId: params.id });
      const docx = await exportMeetingDocx(meeting, ctx.config.timeZone);
      sendFile(
        res,
        `Планёрка ${meeting.id}.docx`,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx,
      );
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/:id/action-items/:n/task",
      summary: "Напоминание из поручения (как POST /api/ai-tasks); at, target и text можно уточнить",
      params: actionItemParams,
      body: actionItemTaskBody,
      response: actionItemTaskResponse,
    },
    async ({ principal, params, body, res }) => {
      const result = await createActionItemTask(deps, { principal, meetingId: params.id, n: params.n, ...body });
      res.status(result.isNew ? 201 : 200);
      return result;
    },
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "delete",
      path: "/:id",
      summary: "Удалить планёрку с записью и расшифровкой",
      params: meetingIdParams,
    },
    async ({ principal, params }) => {
      await deleteMeeting(ctx, { principal, meetingId: params.id });
    },
  );
  return router;
}
