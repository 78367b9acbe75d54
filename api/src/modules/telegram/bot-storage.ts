// grammY storage over the bot_storage table: sessions (and conversations, if a feature uses them) survive a
// restart and are shared by every webhook instance.
import type { StorageAdapter } from "grammy";
import type { Database } from "../../../../prisma/client.ts";

/**
 * A StorageAdapter in the database. grammY writes a session back after every update that read it; we skip the
 * write when the value is what we last read or wrote for that key, so a read-only update costs one SELECT.
 */
export function createDbStorage<T>(db: Database, prefix = ""): StorageAdapter<T> {
  const lastSeen = new Map<string, string>();
  const remember = (key: string, json: string | undefined) => {
    if (json === undefined) lastSeen.delete(key);
    else lastSeen.set(key, json);
    // A bounded memory: the cache only saves writes, forgetting it is always safe.
    if (lastSeen.size > 10_000) lastSeen.delete(lastSeen.keys().next().value!);
  };
  return {
    async read(key) {
      const rows = await db.query<{ value: T }>(`SELECT value FROM bot_storage WHERE key = $1`, [prefix + key]);
      const value = rows[0]?.value;
      remember(key, value === undefined ? undefined : JSON.stringify(value));
      return value;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      if (lastSeen.get(key) === json) return;
      await db.query(
        `INSERT INTO bot_storage (key, value, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [prefix + key, json],
      );
      remember(key, json);
    },
    async delete(key) {
      await db.query(`DELETE FROM bot_storage WHERE key = $1`, [prefix + key]);
      remember(key, undefined);
    },
  };
}
