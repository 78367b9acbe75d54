import { z } from "../../lib/openapi.ts";
import { idSchema, safeText, telegramIdSchema } from "../../lib/schemas.ts";

export const ROLES = ["admin", "manager", "brigade_lead", "cleaner"] as const;
export const roleSchema = z.enum(ROLES);

const telegramId = telegramIdSchema("telegramId").openapi({
  type: "string",
  description: "Telegram user id (число или строка из цифр)",
});

export const employeeSchema = z
  .object({
    id: z.number(),
    telegramId: z.string().nullable(),
    name: z.string(),
    role: roleSchema,
    brigade: z.object({ id: z.number(), number: z.number().nullable(), name: z.string() }).nullable(),
    isActive: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Employee");

export const employeeListResponse = z.object({ items: z.array(employeeSchema) }).openapi("EmployeeList");

export const createEmployeeBody = z
  .object({
    telegramId,
    name: safeText("name", { max: 200 }).min(1, "name: укажите имя"),
    role: roleSchema,
    brigadeId: idSchema("brigadeId").nullable().optional(),
  })
  .openapi("CreateEmployee");

export const updateEmployeeBody = z
  .object({
    role: roleSchema.optional(),
    brigadeId: idSchema("brigadeId").nullable().optional(),
    isActive: z.boolean().optional(),
    name: safeText("name", { min: 1, max: 200 }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "Укажите хотя бы одно поле")
  .openapi("UpdateEmployee");

export const employeeIdParams = z.object({ id: idSchema("id") });

export type EmployeeDto = z.infer<typeof employeeSchema>;
export type CreateEmployeeInput = z.infer<typeof createEmployeeBody>;
export type UpdateEmployeeInput = z.infer<typeof updateEmployeeBody>;
