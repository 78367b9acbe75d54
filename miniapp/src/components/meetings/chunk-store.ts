// Chunks not yet accepted by the server wait in IndexedDB: a dropped connection or a reload loses nothing, and
// they are re-sent in order (the server answers a repeated seq with its first result, so nothing doubles).

export interface StoredChunk {
  meetingId: number;
  seq: number;
  startMs: number;
  durationMs: number;
  blob: Blob;
  fileName: string;
}

const DB_NAME = "meetings";
const STORE = "chunks";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ["meetingId", "seq"] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("indexedDB"));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error("indexedDB"));
    });
  } finally {
    db.close();
  }
}

/** Whether this browser keeps chunks at all (a private window may refuse IndexedDB: chunks then live in memory). */
export const hasChunkStore = () => typeof indexedDB !== "undefined";

export const saveChunk = (chunk: StoredChunk) => run("readwrite", (store) => store.put(chunk));

export const deleteChunk = (meetingId: number, seq: number) =>
  run("readwrite", (store) => store.delete([meetingId, seq]));

/** A meeting's waiting chunks in the order they were recorded. */
export async function listChunks(meetingId: number): Promise<StoredChunk[]> {
  const all = await run<StoredChunk[]>("readonly", (store) =>
    store.getAll(IDBKeyRange.bound([meetingId, 0], [meetingId, Number.MAX_SAFE_INTEGER])),
  );
  return all.sort((a, b) => a.seq - b.seq);
}
