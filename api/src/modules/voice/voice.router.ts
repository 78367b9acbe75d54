import { Router, type ErrorRequestHandler } from "express";
import multer from "multer";
import type { ServiceContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { defineRoute, fileUploadBody } from "../../lib/http.ts";
import { z, type OpenAPIRegistry } from "../../lib/openapi.ts";
import { isSafeText } from "../../lib/schemas.ts";
import { createRealtimeRouter } from "./realtime/realtime.router.ts";
import { MAX_AUDIO_BYTES, type VoiceService } from "./voice.service.ts";

export const VOICE_MOUNT = "/api/voice";

export const speakRequest = z
  .object({
    text: z
      .string({ message: "ожидается текст" })
      .trim()
      .min(1, "текст пустой")
      .max(4000, "текст длиннее 4000 символов")
      .refine(isSafeText, "текст содержит недопустимые управляющие символы"),
  })
  .openapi("VoiceSpeakRequest");

export const transcribeResponse = z.object({ text: z.string() }).openapi("VoiceTranscribeResponse");

/** Multer's own errors (file too large, wrong field) as our AppError with a Russian message. */
const uploadErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof multer.MulterError) {
    const userMessage =
      error.code === "LIMIT_FILE_SIZE"
        ? "Файл больше 20 МБ: запишите вопрос короче."
        : "Отправьте аудио одним файлом в поле «file»";
    return next(
      new AppError(error.code === "LIMIT_FILE_SIZE" ? "audio_too_large" : "invalid_upload", {
        status: error.code === "LIMIT_FILE_SIZE" ? 413 : 400,
        userMessage,
      }),
    );
  }
  next(error);
};

/** POST /api/voice/transcribe (multipart `file`) -> { text }; POST /api/voice/speak { text } -> audio/ogg (Opus). */
export function createVoiceRouter(_ctx: ServiceContext, registry: OpenAPIRegistry, voice: VoiceService): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_AUDIO_BYTES, files: 1 } });
  const common = { mount: VOICE_MOUNT, tags: ["voice"] };

  router.post("/transcribe", upload.single("file"), uploadErrors);
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/transcribe",
      summary: "Распознать речь (multipart, поле file: OGG/Opus, WAV, MP3, M4A, WebM)",
      body: fileUploadBody("аудио до 20 МБ и 5 минут"),
      bodyContentType: "multipart/form-data",
      response: transcribeResponse,
    },
    async ({ req }) => {
      if (!req.file)
        throw new AppError("file_required", { status: 400, userMessage: "Прикрепите аудиофайл в поле «file»" });
      const { text } = await voice.transcribe({ audio: req.file.buffer });
      return { text };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/speak",
      summary: "Озвучить текст: голосовое сообщение OGG/Opus",
      body: speakRequest,
      responseContent: {
        description: "OGG/Opus",
        content: { "audio/ogg": { schema: { type: "string", format: "binary" } } },
      },
    },
    async ({ body, res }) => {
      const speech = await voice.synthesize(body.text);
      res.setHeader("X-Speech-Engine", speech.engine);
      res.type("audio/ogg").send(speech.audio);
    },
  );
  // «Разговор онлайн»: /capabilities, /token, /tools, /turns.
  router.use(createRealtimeRouter(_ctx, registry, voice));
  return router;
}
