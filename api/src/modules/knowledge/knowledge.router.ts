import { Router, type RequestHandler } from "express";
import multer from "multer";
import type { Principal } from "../../lib/context.ts";
import { isOfficeRole } from "../../lib/context.ts";
import { AppError, badRequest, forbidden } from "../../lib/errors.ts";
import { defineRoute, fileUploadBody } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import type { KnowledgeContext } from "./knowledge-context.ts";
import { fileProblem } from "./knowledge-errors.ts";
import { searchKnowledge } from "./knowledge-search.ts";
import {
  documentIdBody,
  documentIdParams,
  documentIdResponse,
  knowledgeDocument,
  knowledgeDocumentList,
  searchQuery,
  searchResponse,
} from "./knowledge.schemas.ts";
import {
  confirmDocument,
  deleteDocument,
  listDocuments,
  listPendingDocuments,
  rejectDocument,
  submitDocument,
} from "./knowledge.service.ts";
import { cancelOcrJob, getOcrJob, listActiveOcrJobs } from "./ocr/ocr-jobs.ts";
import { ocrJobList, ocrJobParams, ocrJobResponse } from "./ocr/ocr.schemas.ts";

export const KNOWLEDGE_MOUNT = "/api/knowledge";

/** Managing the knowledge base is office work; everyone may search it. */
function requireOffice(principal: Principal) {
  if (!isOfficeRole(principal)) throw forbidden("Базой знаний управляют администратор и менеджеры");
}

/** Multipart `file` into memory, with the configured size limit answered as 413 `file_too_large`. */
function receiveFile(maxFileBytes: number): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxFileBytes, files: 1 },
    defParamCharset: "utf8",
  }).single("file");
  return (req, res, next) =>
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError && error.code === "LIMIT_FILE_SIZE")
        return next(fileProblem("file_too_large", error.message));
      if (error)
        return next(
          badRequest("invalid_upload", "Не удалось принять файл: пришлите его полем «file» (multipart/form-data)"),
        );
      next();
    });
}

export function createKnowledgeRouter(k: KnowledgeContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: KNOWLEDGE_MOUNT, tags: ["knowledge"] };

  router.post("/upload", receiveFile(k.maxFileBytes));
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/upload",
      status: 201,
      summary:
        "Загрузить документ (multipart, поле file): PDF, DOCX, XLSX, TXT, MD, CSV → 201, ожидает подтверждения; скан или фото (JPEG, PNG, WebP) → 202 { ocrJob }, распознаётся в фоне; 409 duplicate, 413, 415, 422",
      body: fileUploadBody("документ: PDF, DOCX, XLSX, TXT, MD, CSV или фото/скан JPEG, PNG, WebP"),
      bodyContentType: "multipart/form-data",
      response: knowledgeDocument,
    },
    async ({ req, res, principal }) => {
      requireOffice(principal);
      if (!req.file) throw badRequest("file_required", "Пришлите файл полем «file»");
      try {
        const submitted = await submitDocument(k, {
          data: req.file.buffer,
          fileName: req.file.originalname || "document",
          source: "upload",
          uploadedById: principal.employeeId,
        });
        if (submitted.document) return submitted.document;
        // Recognition takes minutes: the client polls GET /ocr-jobs/:id for «распознаю 3/12».
        res.status(202).json({ ocrJob: submitted.ocrJob });
        return;
      } catch (error) {
        // The client needs the stored document's id to open it instead of a second copy.
        if (error instanceof AppError && error.code === "duplicate") {
          res.status(409).json({
            error: {
              code: error.code,
              message: error.userMessage,
              existingId: (error.details as { existingId: number }).existingId,
            },
          });
          return;
        }
        throw error;
      }
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/ocr-jobs",
      summary: "Сканы и фото, которые сейчас распознаются",
      response: ocrJobList,
    },
    async ({ principal }) => {
      requireOffice(principal);
      return { items: await listActiveOcrJobs(k) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/ocr-jobs/:id",
      summary: "Ход распознавания скана или фото («распознаю 3/12»)",
      params: ocrJobParams,
      response: ocrJobResponse,
    },
    async ({ params, principal }) => {
      requireOffice(principal);
      return { ocrJob: await getOcrJob(k, { id: params.id }) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/ocr-jobs/:id/cancel",
      summary: "Отменить распознавание (ничего не сохраняется)",
      params: ocrJobParams,
      response: ocrJobResponse,
    },
    async ({ params, principal }) => {
      requireOffice(principal);
      return { ocrJob: await cancelOcrJob(k, { id: params.id }) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/pending",
      summary: "Документы, ждущие подтверждения",
      response: knowledgeDocumentList,
    },
    async ({ principal }) => {
      requireOffice(principal);
      return { items: await listPendingDocuments(k) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/confirm",
      summary: "Сохранить документ в базу знаний",
      body: documentIdBody,
      response: knowledgeDocument,
    },
    ({ body, principal }) => {
      requireOffice(principal);
      return confirmDocument(k, { id: body.id });
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/reject",
      summary: "Отклонить документ (удаляется целиком)",
      body: documentIdBody,
      response: documentIdResponse,
    },
    ({ body, principal }) => {
      requireOffice(principal);
      return rejectDocument(k, { id: body.id });
    },
  );

  defineRoute(
    router,
    registry,
    { ...common, method: "get", path: "/documents", summary: "Документы базы знаний", response: knowledgeDocumentList },
    async () => ({
      items: await listDocuments(k),
    }),
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "delete",
      path: "/documents/:id",
      summary: "Удалить документ",
      params: documentIdParams,
      response: documentIdResponse,
    },
    ({ params, principal }) => {
      requireOffice(principal);
      return deleteDocument(k, { id: params.id });
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/search",
      summary: "Гибридный поиск: полнотекстовый + векторный (RRF)",
      query: searchQuery,
      response: searchResponse,
    },
    async ({ query }) => {
      if (!query.q) throw badRequest("query_required", "Введите, что искать (параметр q)");
      return {
        mode: k.hasVector ? "hybrid" : "fts",
        items: await searchKnowledge(k, { query: query.q, limit: query.limit }),
      };
    },
  );

  return router;
}
