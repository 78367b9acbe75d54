// Live recording for the планёрка: one microphone stream for the whole meeting (Telegram's WebViews ask again for
// every getUserMedia call), and a new MediaRecorder every few seconds on it, so that each chunk is a complete file
// (with its own header) the speech service can read on its own. A single recorder with a timeslice would give
// fragments that only the first one can be decoded from.
import { t } from "../../i18n/ru.ts";

export const CHUNK_MS = 4000;

export interface RecordedChunk {
  blob: Blob;
  fileName: string;
  startMs: number;
  durationMs: number;
}

/** The best container this browser records: Opus in WebM or Ogg, else MP4/AAC (iOS). */
export function pickMimeType(): string | undefined {
  if (typeof MediaRecorder === "undefined") return undefined;
  return ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"].find((type) =>
    MediaRecorder.isTypeSupported(type),
  );
}

const extensionOf = (mimeType: string) =>
  mimeType.includes("ogg") ? "ogg" : mimeType.includes("mp4") ? "m4a" : "webm";

/** A Russian sentence for why the microphone cannot be used. */
export function microphoneErrorText(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return t.meetings.micDenied;
  if (name === "NotFoundError" || name === "OverconstrainedError") return t.meetings.micMissing;
  if (name === "NotReadableError" || name === "AbortError") return t.meetings.micBusy;
  return t.meetings.micUnsupported;
}

/** Asks for the microphone once; throws an Error whose message is for people. */
export async function openMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined")
    throw new Error(t.meetings.micUnsupported);
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  } catch (error) {
    throw new Error(microphoneErrorText(error));
  }
}

export interface ChunkRecorder {
  /** Ends the current chunk (delivered through onChunk) and stops. */
  stop(): Promise<void>;
}

/** Records `stream` in chunks of CHUNK_MS, numbering their time from `offsetMs`. */
export function startChunkRecorder(
  stream: MediaStream,
  options: { offsetMs: number; now: () => number; onChunk: (chunk: RecordedChunk) => void },
): ChunkRecorder {
  const mimeType = pickMimeType();
  let isStopping = false;
  let current: { recorder: MediaRecorder; end: (at: number) => Promise<void> } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // A chunk's length is fixed when it is cut (not when the recorder reports back), so the next one starts there.
  const begin = (startMs: number, startedAt: number) => {
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const parts: Blob[] = [];
    let endedAt = startedAt;
    const done = new Promise<void>((resolve) => {
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) parts.push(event.data);
      };
      recorder.onstop = () => {
        const type = recorder.mimeType || mimeType || "audio/webm";
        const durationMs = Math.max(1, Math.round(endedAt - startedAt));
        if (parts.length)
          options.onChunk({
            blob: new Blob(parts, { type }),
            fileName: `chunk.${extensionOf(type)}`,
            startMs,
            durationMs,
          });
        resolve();
      };
    });
    recorder.start();
    const end = (at: number) => {
      endedAt = at;
      if (recorder.state !== "inactive") recorder.stop();
      return done;
    };
    current = { recorder, end };
    timer = setTimeout(() => {
      const cut = options.now();
      const finished = current!;
      if (!isStopping) begin(Math.round(startMs + (cut - startedAt)), cut);
      void finished.end(cut);
    }, CHUNK_MS);
  };

  begin(options.offsetMs, options.now());
  return {
    async stop() {
      isStopping = true;
      clearTimeout(timer);
      const last = current;
      current = null;
      await last?.end(options.now());
    },
  };
}
