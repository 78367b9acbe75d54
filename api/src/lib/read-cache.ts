import type { Database } from "../../../prisma/client.ts";

// Hand-written because the invalidation is the point: an answer is cached under the database's data version
// (bumped by triggers in the same transaction as any change, see migration 20261126000600_data_version), so a
// hit is exactly as fresh as a query, on every instance, while the heavy aggregate runs once per change.

const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  value: unknown;
}

const caches = new WeakMap<Database, Map<string, Entry>>();

async function readVersion(db: Database): Promise<string> {
  const [row] = await db.query<{ version: string }>(`SELECT version::text AS version FROM data_version WHERE id = 1`);
  return row?.version ?? "none";
}

/**
 * Returns the cached answer for `key` if no data changed since it was computed, otherwise computes it. The
 * version is read before and after computing: if a change committed meanwhile, the answer is returned but not kept.
 */
export async function cachedRead<T>(db: Database, key: string, compute: () => Promise<T>): Promise<T> {
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  const version = await readVersion(db);
  const hit = entries.get(key);
  if (hit && hit.version === version) {
    // Map order is insertion order: re-inserting makes this the most recently used entry.
    entries.delete(key);
    entries.set(key, hit);
    return structuredClone(hit.value) as T;
  }
  const value = await compute();
  if ((await readVersion(db)) === version) {
    entries.delete(key);
    entries.set(key, { version, value: structuredClone(value) });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  }
  return value;
}
