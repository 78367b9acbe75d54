// The live планёрка on the page: microphone → chunks → IndexedDB → the server, in order, with retries while the
// network is down; the transcript grows from the server's answers. A reload mid-meeting finds it again.
import { useCallback, useEffect, useRef, useState } from "react";
import type { MeetingView, SegmentView } from "../../../../api/src/modules/meetings/meetings.schemas.ts";
import { t } from "../../i18n/ru.ts";
import { ApiError, type ApiErrorCode, apiGet, apiSend, authorizationHeader, toApiError } from "../../lib/api-client.ts";
import { deleteChunk, hasChunkStore, listChunks, saveChunk, type StoredChunk } from "./chunk-store.ts";
import { openMicrophone, startChunkRecorder, type ChunkRecorder } from "./recorder.ts";

const ACTIVE_KEY = "meetings.active";
const RETRY_MS = 2000;

export type Phase = "idle" | "starting" | "recording" | "interrupted" | "stopping" | "done";

async function uploadChunk(chunk: StoredChunk): Promise<SegmentView[]> {
  const form = new FormData();
  form.append("seq", String(chunk.seq));
  form.append("startMs", String(chunk.startMs));
  form.append("durationMs", String(chunk.durationMs));
  form.append("file", chunk.blob, chunk.fileName);
  let response: Response;
  try {
    response = await fetch(`/api/meetings/${chunk.meetingId}/chunks`, {
      method: "POST",
      headers: { Authorization: authorizationHeader(), Accept: "application/json" },
      body: form,
    });
  } catch {
    throw new ApiError(0, "network", t.common.networkError);
  }
  const body = (await response.json().catch(() => ({}))) as {
    segments?: SegmentView[];
    error?: { code?: ApiErrorCode; message?: string };
  };
  if (!response.ok)
    throw new ApiError(
      response.status,
      body.error?.code ?? "http_error",
      body.error?.message ?? t.common.unexpectedError,
    );
  return body.segments ?? [];
}

export function useMeetingRecording() {
  const [phase, setPhase] = useState<Phase>("idle");
  const [meetingId, setMeetingId] = useState<number | null>(null);
  const [segments, setSegments] = useState<SegmentView[]>([]);
  const [queued, setQueued] = useState(0);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<MeetingView>();
  const queue = useRef<StoredChunk[]>([]);
  const nextSeq = useRef(0);
  const offsetMs = useRef(0);
  const isPumping = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const recorder = useRef<ChunkRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);

  const merge = useCallback((incoming: SegmentView[]) => {
    setSegments((previous) => {
      const bySeq = new Map(previous.map((segment) => [segment.seq, segment]));
      for (const segment of incoming) bySeq.set(segment.seq, segment);
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    });
  }, []);

  /** Sends waiting chunks oldest first; a network failure stops the round and tries again shortly. */
  const pump = useCallback(async (): Promise<void> => {
    if (isPumping.current) return;
    isPumping.current = true;
    clearTimeout(retryTimer.current);
    try {
      while (queue.current.length) {
        const chunk = queue.current[0]!;
        try {
          merge(await uploadChunk(chunk));
        } catch (caught) {
          const failure = toApiError(caught);
          if (failure.status === 0 || failure.status >= 500 || failure.status === 429) {
            retryTimer.current = setTimeout(() => void pump(), RETRY_MS);
            return;
          }
          // Refused for good (stopped meeting, not audio, too long): keeping it would block the rest.
          setError(failure.message);
        }
        queue.current.shift();
        setQueued(queue.current.length);
        if (hasChunkStore()) await deleteChunk(chunk.meetingId, chunk.seq).catch(() => undefined);
      }
    } finally {
      isPumping.current = false;
    }
  }, [merge]);

  const enqueue = useCallback(
    (id: number, recorded: { blob: Blob; fileName: string; startMs: number; durationMs: number }) => {
      const chunk: StoredChunk = { meetingId: id, seq: nextSeq.current++, ...recorded };
      offsetMs.current = recorded.startMs + recorded.durationMs;
      queue.current.push(chunk);
      setQueued(queue.current.length);
      // Stored before sending: if the page closes now the chunk is still there on the next visit.
      void (hasChunkStore() ? saveChunk(chunk).catch(() => undefined) : Promise.resolve()).then(() => pump());
    },
    [pump],
  );

  const record = useCallback(
    async (id: number) => {
      stream.current ??= await openMicrophone();
      recorder.current = startChunkRecorder(stream.current, {
        offsetMs: offsetMs.current,
        now: () => performance.now(),
        onChunk: (chunk) => enqueue(id, chunk),
      });
      setPhase("recording");
    },
    [enqueue],
  );

  // A meeting left recording (reload, crash) comes back with what the server has and what the browser kept.
  useEffect(() => {
    const saved = Number(localStorage.getItem(ACTIVE_KEY));
    if (!saved) return;
    void (async () => {
      try {
        const meeting = await apiGet<MeetingView>(`/api/meetings/${saved}`);
        if (meeting.status !== "recording") return void localStorage.removeItem(ACTIVE_KEY);
        const kept = hasChunkStore() ? await listChunks(saved) : [];
        setMeetingId(saved);
        merge(meeting.segments);
        queue.current = kept;
        setQueued(kept.length);
        const seqs = [...meeting.segments.map((s) => s.seq), ...kept.map((c) => c.seq)];
        nextSeq.current = seqs.length ? Math.max(...seqs) + 1 : 0;
        offsetMs.current = Math.max(
          0,
          ...meeting.segments.map((s) => s.endMs),
          ...kept.map((c) => c.startMs + c.durationMs),
        );
        setPhase("interrupted");
        void pump();
      } catch {
        localStorage.removeItem(ACTIVE_KEY);
      }
    })();
  }, [merge, pump]);

  useEffect(
    () => () => {
      clearTimeout(retryTimer.current);
      void recorder.current?.stop();
      stream.current?.getTracks().forEach((track) => track.stop());
    },
    [],
  );

  async function start(title: string) {
    setError(undefined);
    setResult(undefined);
    setPhase("starting");
    try {
      // The microphone first: a refusal should not leave an empty meeting behind.
      stream.current = await openMicrophone();
      const { id } = await apiSend<{ id: number }>(
        "POST",
        "/api/meetings",
        title.trim() ? { title: title.trim() } : {},
      );
      localStorage.setItem(ACTIVE_KEY, String(id));
      setMeetingId(id);
      setSegments([]);
      nextSeq.current = 0;
      offsetMs.current = 0;
      await record(id);
    } catch (caught) {
      stream.current?.getTracks().forEach((track) => track.stop());
      stream.current = null;
      setError(caught instanceof ApiError ? caught.message : (caught as Error).message);
      setPhase("idle");
    }
  }

  async function resume() {
    if (meetingId === null) return;
    setError(undefined);
    try {
      await record(meetingId);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function stop() {
    if (meetingId === null) return;
    setPhase("stopping");
    await recorder.current?.stop();
    recorder.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    // Every chunk reaches the server before the summary is made; without signal this waits for it.
    while (queue.current.length) {
      await pump();
      if (queue.current.length) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    for (;;) {
      try {
        const view = await apiSend<MeetingView>("POST", `/api/meetings/${meetingId}/stop`);
        localStorage.removeItem(ACTIVE_KEY);
        setResult(view);
        setSegments(view.segments);
        setPhase("done");
        return;
      } catch (caught) {
        const failure = toApiError(caught);
        if (failure.status !== 0) {
          setError(failure.message);
          setPhase("recording");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  function reset() {
    setPhase("idle");
    setMeetingId(null);
    setSegments([]);
    setResult(undefined);
  }

  return { phase, meetingId, segments, queued, error, result, start, resume, stop, reset, setResult };
}
