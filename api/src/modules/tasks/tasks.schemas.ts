import { z } from "../../lib/openapi.ts";
import { chatIdSchema, idSchema, isoDateTimeSchema, queryIdSchema, safeText } from "../../lib/schemas.ts";

export const TASK_STATUSES = ["scheduled", "sent", "uncertain", "failed", "cancelled"] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A brigade (its linked group chat, else each member privately), an employee, or any chat. */
export type TaskTarget = { brigadeId: number } | { employeeId: number } | { chatId: bigint };

const chatId = chatIdSchema("chatId").openapi({
  type: "string",
  description: "Telegram chat id (число или строка из цифр)",
});

export const taskTargetBody = z
  .object({
    brigadeId: idSchema("brigadeId").optional(),
    employeeId: idSchema("employeeId").optional(),
    chatId: chatId.optional(),
  })
  .refine(
    (target) => [target.brigadeId, target.employeeId, target.chatId].filter((v) => v !== undefined).length === 1,
    {
      message: "укажите ровно одно из brigadeId, employeeId, chatId",
    },
  )
  .transform((target): TaskTarget =>
    target.brigadeId !== undefined
      ? { brigadeId: target.brigadeId }
      : target.employeeId !== undefined
        ? { employeeId: target.employeeId }
        : { chatId: target.chatId! },
  )
  .openapi("TaskTargetInput");

export const createTaskBody = z
  .object({
    /** Natural-language form: "Напомни 2 бригаде завтра в 8:30 взять ключи". */
    request: safeText("request", { min: 1, max: 2000 }).optional(),
    text: safeText("text", { max: 4000 }).min(1, "text: пустой текст").optional(),
    target: taskTargetBody.optional(),
    at: isoDateTimeSchema("at").optional(),
    cron: safeText("cron", { min: 1, max: 100 }).optional(),
  })
  .openapi("CreateTask");

export const updateTaskBody = z
  .object({
    text: safeText("text", { min: 1, max: 4000 }).optional(),
    at: isoDateTimeSchema("at", "at: ожидается ISO-время").optional(),
    cron: safeText("cron", { min: 1, max: 100 }).optional(),
    status: z.literal("cancelled").optional(),
  })
  .openapi("UpdateTask");

export const listTasksQuery = z.object({
  status: taskStatusSchema.optional(),
  brigadeId: queryIdSchema("brigadeId"),
  employeeId: queryIdSchema("employeeId"),
  chatId: z
    .preprocess((value) => (value === "" ? undefined : value), chatIdSchema("chatId").transform(String).optional())
    .openapi({ type: "string", description: "Telegram chat id" }),
});

export const taskIdParams = z.object({ id: idSchema("id") });

export const taskDeliverySchema = z.object({
  runAt: z.string(),
  chatId: z.string().nullable(),
  status: z.enum(["sending", "sent", "uncertain", "failed", "retry"]),
  isLate: z.boolean(),
  error: z.string().nullable(),
  at: z.string(),
});

export const taskSchema = z
  .object({
    id: z.number(),
    kind: z.enum(["message", "brigade_digest"]),
    text: z.string(),
    target: z.object({
      brigadeId: z.number().optional(),
      employeeId: z.number().optional(),
      chatId: z.string().optional(),
    }),
    targetLabel: z.string(),
    nextRunAt: z.string().nullable(),
    cron: z.string().nullable(),
    status: taskStatusSchema,
    attempts: z.number(),
    lastError: z.string().nullable(),
    lastRunAt: z.string().nullable(),
    createdById: z.number().nullable(),
    createdAt: z.string(),
    deliveries: z.array(taskDeliverySchema).optional(),
  })
  .openapi("Task");

export type TaskView = z.infer<typeof taskSchema>;

export const taskListResponse = z.object({ items: z.array(taskSchema) }).openapi("TaskList");
