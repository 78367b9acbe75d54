// The ledger of Telegram updates already handled in webhook mode: Telegram redelivers an update until it gets a
// 2xx, and with several instances a redelivery may reach another one. An update is recorded only after it was
// handled, so a failure is retried rather than lost; the ledger keeps a week.
import type { ServiceContext } from "../../lib/context.ts";

export const PROCESSED_UPDATES_KEEP_DAYS = 7;

export async function isUpdateProcessed(ctx: ServiceContext, updateId: number): Promise<boolean> {
  const rows = await ctx.db.query(`SELECT 1 FROM bot_processed_updates WHERE update_id = $1`, [updateId]);
  return rows.length > 0;
}

export async function markUpdateProcessed(ctx: ServiceContext, updateId: number): Promise<void> {
  await ctx.db.query(
    `INSERT INTO bot_processed_updates (update_id, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [updateId, ctx.clock.now()],
  );
}

/** Forgets updates older than the keep window (Telegram keeps undelivered updates for 24 hours). */
export async function pruneProcessedUpdates(ctx: ServiceContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - PROCESSED_UPDATES_KEEP_DAYS * 86_400_000);
  const rows = await ctx.db.query(`DELETE FROM bot_processed_updates WHERE processed_at < $1 RETURNING update_id`, [
    cutoff,
  ]);
  return rows.length;
}
