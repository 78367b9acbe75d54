import type { BotFeature } from "../index.ts";
import { startFeature } from "./start.ts";

/**
 * The bot's features in the order they see updates. Add a feature with one line; the unhandled-update
 * feature is appended by createBot.
 */
export const DEFAULT_FEATURES: BotFeature[] = [startFeature];
