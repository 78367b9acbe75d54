// Imports nothing (not even Prisma's types): schemas and the mini-app use these lists without the server.
export const VISIT_KINDS = ["wet_all_floors", "sweep_all_floors", "wet_first_floor", "other"] as const;
export const VISIT_STATUSES = ["planned", "in_progress", "done", "missed"] as const;
/** The same values as Prisma's VisitKind / VisitStatus enums (schema-agreement.test.ts checks the database). */
export type VisitKind = (typeof VISIT_KINDS)[number];
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** The business's own wording of each kind, as it appears in the CRM's list fields. */
export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  wet_all_floors: "Влажная уборка лестничных площадок всех этажей и лифта",
  sweep_all_floors: "Подметание лестничных площадок и маршей всех этажей, влажная уборка 1 этажа",
  wet_first_floor: "Влажная уборка 1 этажа и лифта",
  other: "Другое",
};

export const VISIT_KIND_SHORT_LABELS: Record<VisitKind, string> = {
  wet_all_floors: "Влажная (все этажи)",
  sweep_all_floors: "Подметание",
  wet_first_floor: "Влажная (1 этаж)",
  other: "Другое",
};

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  planned: "Запланировано",
  in_progress: "В процессе",
  done: "Выполнено",
  missed: "Пропущено",
};

const normalize = (text: string) => text.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();

/**
 * Maps the CRM's free text of a cleaning kind to our kind. Order matters: the sweeping text also says
 * "влажная уборка 1 этажа", so sweeping is recognised first; it is still sweeping.
 */
export function classifyVisitKind(text: string | null | undefined): VisitKind {
  if (!text) return "other";
  const value = normalize(text);
  if (value.includes("подмет")) return "sweep_all_floors";
  if (value.includes("влажн") && /всех\s+этаж/.test(value)) return "wet_all_floors";
  if (value.includes("влажн") && /(1|перв\w*)\s+этаж/.test(value)) return "wet_first_floor";
  return "other";
}
