import { z } from "../../../lib/openapi.ts";

export const ocrJob = z
  .object({
    id: z.number().int(),
    status: z.enum(["queued", "running", "done", "failed", "cancelled"]),
    fileName: z.string(),
    kind: z.enum(["image", "pdf"]),
    pagesDone: z.number().int(),
    pagesTotal: z.number().int(),
    confidence: z.number().int().nullable().openapi({ description: "Средняя уверенность распознавания, 0–100" }),
    documentId: z.number().int().nullable().openapi({ description: "Черновик документа, когда распознавание готово" }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    progress: z.string().openapi({ description: "Для людей: «распознаю 3/12», «распознано» или причина ошибки" }),
  })
  .openapi("KnowledgeOcrJob");

export const ocrJobResponse = z.object({ ocrJob });
export const ocrJobList = z.object({ items: z.array(ocrJob) });
export const ocrJobParams = z.object({ id: z.coerce.number().int().positive().max(2147483647) });
