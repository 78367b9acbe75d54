// Photos fetched from Telegram, kept under DATA_DIR/photo-cache up to PHOTO_CACHE_MB: the least recently shown
// go first. With DATA_DIR=memory:// (tests, throwaway runs) the same rules apply in memory.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AppConfig } from "../../config.ts";

export interface CachedPhoto {
  bytes: Uint8Array;
  contentType: string;
}

export interface PhotoCache {
  get(fileId: string): Promise<CachedPhoto | null>;
  put(fileId: string, photo: CachedPhoto): Promise<void>;
  /** Bytes held now (for health and tests). */
  size(): Promise<number>;
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};
const TYPES: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

// File ids are long and may hold characters a file system dislikes: the cache is keyed by their hash.
const keyOf = (fileId: string) => createHash("sha256").update(fileId).digest("hex").slice(0, 40);

interface Entry {
  file: string;
  size: number;
  contentType: string;
  usedAt: number;
}

/** The cache for this configuration: on disk under DATA_DIR, or in memory for DATA_DIR=memory://. */
export function createPhotoCache(config: Pick<AppConfig, "dataDir" | "photos">, clock: () => number): PhotoCache {
  const limit = Math.floor(config.photos.cacheMb * 1024 * 1024);
  // Strictly increasing use times: a clock standing still (tests) or stepping back still orders the uses.
  let last = 0;
  const now = () => (last = Math.max(clock(), last + 1));
  return config.dataDir.startsWith("memory://")
    ? memoryCache(limit, now)
    : diskCache(path.join(config.dataDir, "photo-cache"), limit, now);
}

/** Drops the least recently used entries until the rest fit in `limit`; returns what was dropped. */
function evict<T extends Entry>(entries: Map<string, T>, limit: number): T[] {
  let total = 0;
  for (const entry of entries.values()) total += entry.size;
  const dropped: T[] = [];
  if (total <= limit) return dropped;
  for (const [key, entry] of [...entries].sort((a, b) => a[1].usedAt - b[1].usedAt)) {
    if (total <= limit) break;
    entries.delete(key);
    total -= entry.size;
    dropped.push(entry);
  }
  return dropped;
}

function memoryCache(limit: number, now: () => number): PhotoCache {
  const entries = new Map<string, Entry & { bytes: Uint8Array }>();
  return {
    async get(fileId) {
      const entry = entries.get(keyOf(fileId));
      if (!entry) return null;
      entry.usedAt = now();
      return { bytes: entry.bytes, contentType: entry.contentType };
    },
    async put(fileId, photo) {
      if (photo.bytes.length > limit) return;
      entries.set(keyOf(fileId), {
        file: "",
        size: photo.bytes.length,
        contentType: photo.contentType,
        usedAt: now(),
        bytes: photo.bytes,
      });
      evict(entries, limit);
    },
    async size() {
      let total = 0;
      for (const entry of entries.values()) total += entry.size;
      return total;
    },
  };
}

function diskCache(dir: string, limit: number, now: () => number): PhotoCache {
  let index: Promise<Map<string, Entry>> | undefined;
  // What is on disk from earlier runs, read once; file times say what was shown last.
  const load = () =>
    (index ??= (async () => {
      await mkdir(dir, { recursive: true });
      const entries = new Map<string, Entry>();
      for (const name of await readdir(dir)) {
        const match = /^([0-9a-f]{40})\.(\w+)$/.exec(name);
        const contentType = match ? TYPES[match[2]!] : undefined;
        if (!match || !contentType) continue;
        const info = await stat(path.join(dir, name)).catch(() => null);
        if (info) entries.set(match[1]!, { file: name, size: info.size, contentType, usedAt: info.mtimeMs });
      }
      return entries;
    })());
  return {
    async get(fileId) {
      const entries = await load();
      const key = keyOf(fileId);
      const entry = entries.get(key);
      if (!entry) return null;
      try {
        const bytes = new Uint8Array(await readFile(path.join(dir, entry.file)));
        entry.usedAt = now();
        const at = new Date(entry.usedAt);
        void utimes(path.join(dir, entry.file), at, at).catch(() => undefined);
        return { bytes, contentType: entry.contentType };
      } catch {
        // Removed behind our back (a cleanup, a full disk): fetch it again.
        entries.delete(key);
        return null;
      }
    },
    async put(fileId, photo) {
      const ext = EXTENSIONS[photo.contentType];
      if (!ext || photo.bytes.length > limit) return;
      const entries = await load();
      const key = keyOf(fileId);
      const file = `${key}.${ext}`;
      // Write beside and rename: a reader never sees half a photo.
      const partial = path.join(dir, `${file}.${process.pid}.part`);
      await writeFile(partial, photo.bytes);
      await rename(partial, path.join(dir, file));
      entries.set(key, { file, size: photo.bytes.length, contentType: photo.contentType, usedAt: now() });
      await Promise.all(
        evict(entries, limit).map((entry) => rm(path.join(dir, entry.file), { force: true }).catch(() => undefined)),
      );
    },
    async size() {
      let total = 0;
      for (const entry of (await load()).values()) total += entry.size;
      return total;
    },
  };
}
