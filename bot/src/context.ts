import type { Context, SessionFlavor } from "grammy";
import type { Principal, ServiceContext } from "@cleaning/api/lib/context";

/** What the bot remembers per chat between updates (stored in the database, so it survives a restart). */
export interface SessionData {
  /** The visit whose report is being made: photos sent now are attached to it. */
  activeVisitId?: number;
  /** The next plain text is a house search ("Поиск" was pressed). */
  isAwaitingSearch?: boolean;
  /** The last search text (too long for callback data), reused by the result pages. */
  searchText?: string;
  /** The album whose first photo was already acknowledged. */
  lastMediaGroupId?: string;
}

export interface BotContextFlavor {
  /** Use cases, configuration and logger shared with the API. */
  services: ServiceContext;
  /** The active employee behind this update's sender, or null for strangers. */
  principal: Principal | null;
  /** Set by the error boundary when a feature failed on this update (for the bot_updates_total metric). */
  updateFailed?: boolean;
}

export type BotContext = Context & SessionFlavor<SessionData> & BotContextFlavor;
