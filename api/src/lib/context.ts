import type { Database } from "../../../prisma/client.ts";
import type { AppConfig } from "../config.ts";
import type { Clock } from "./clock.ts";
import type { Logger } from "./logger.ts";

/** What every use case may need: the database, the configuration, a logger and the clock ("now"). */
export interface ServiceContext {
  db: Database;
  config: AppConfig;
  logger: Logger;
  clock: Clock;
}

/** The authenticated person a request or a bot update acts for. */
export interface Principal {
  employeeId: number;
  telegramId: bigint | null;
  name: string;
  role: "admin" | "manager" | "brigade_lead" | "cleaner";
  brigadeId: number | null;
  isDemo: boolean;
}

export const isOfficeRole = (principal: Pick<Principal, "role">) =>
  principal.role === "admin" || principal.role === "manager";

/**
 * The brigade a principal may see: office roles see what they asked for (or everything); brigade members see
 * only their own brigade whatever they asked for (-1 = a member without a brigade sees nothing).
 */
export function scopeBrigade(principal: Principal, requested: number | undefined): number | undefined {
  if (isOfficeRole(principal)) return requested;
  return principal.brigadeId ?? -1;
}
