import { type FormEvent, useEffect, useRef, useState } from "react";
import { ChatActions } from "../components/ChatActions.tsx";
import { DetailsModal } from "../components/DetailsModal.tsx";
import { HandsFreeConversation } from "../components/voice/HandsFreeConversation.tsx";
import { t } from "../i18n/ru.ts";
import { ApiError, apiPostForBlob, apiSend, apiUpload, toApiError } from "../lib/api-client.ts";
import { hapticTap, reportFirstScreen } from "../lib/platform.ts";
import type { AssistantAction, AssistantSource, ChatResponse } from "../lib/types.ts";
import { useIsOffline } from "../lib/use-offline.ts";

interface Message {
  id: number;
  role: "user" | "assistant";
  text: string;
  sources?: AssistantSource[];
  actions?: AssistantAction[];
  mode?: ChatResponse["mode"];
}

/** Recording needs both MediaRecorder and a microphone API; old WebViews have neither, so the button hides. */
const canRecord = () =>
  typeof window !== "undefined" &&
  typeof window.MediaRecorder === "function" &&
  typeof navigator.mediaDevices?.getUserMedia === "function";

/** A file name whose extension matches what the browser recorded (the server sniffs the content anyway). */
const recordingName = (mimeType: string) =>
  mimeType.includes("ogg") ? "voice.ogg" : mimeType.includes("mp4") ? "voice.m4a" : "voice.webm";

export default function AssistantPage() {
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [status, setStatus] = useState<"idle" | "thinking" | "recording" | "transcribing">("idle");
  // Questions need the server: without signal the buttons wait.
  const isOffline = useIsOffline();
  const [error, setError] = useState<string>();
  const conversationId = useRef<string | undefined>(undefined);
  const nextId = useRef(1);
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  // Whether the button is still held: the microphone opens asynchronously (a permission prompt can take seconds),
  // and a press released before that must not leave it recording.
  const isHeld = useRef(false);
  const isLeaving = useRef(false);
  const audio = useRef<HTMLAudioElement | undefined>(undefined);
  const bottom = useRef<HTMLDivElement>(null);
  const [isVoiceAvailable] = useState(canRecord);
  const [openHouseId, setOpenHouseId] = useState<number>();

  useEffect(reportFirstScreen, []);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: "end" });
  }, [messages, status]);
  // Leaving the page stops the microphone and any answer still playing.
  useEffect(() => {
    isLeaving.current = false;
    return () => {
      isHeld.current = false;
      isLeaving.current = true;
      if (recorder.current?.state === "recording") recorder.current.stop();
      audio.current?.pause();
    };
  }, []);

  const add = (message: Omit<Message, "id">) => setMessages((list) => [...list, { ...message, id: nextId.current++ }]);

  async function ask(question: string, { isSpoken = false } = {}) {
    const text = question.trim();
    if (!text) return;
    setError(undefined);
    add({ role: "user", text });
    setStatus("thinking");
    try {
      const reply = await apiSend<ChatResponse>("POST", "/api/ai/chat", {
        message: text,
        conversationId: conversationId.current,
      });
      conversationId.current = reply.conversationId;
      add({ role: "assistant", text: reply.answer, sources: reply.sources, actions: reply.actions, mode: reply.mode });
      if (isSpoken) void speak(reply.answer);
      return reply.answer;
    } catch (caught) {
      setError(toApiError(caught).message);
    } finally {
      setStatus("idle");
    }
  }

  async function speak(text: string) {
    try {
      const blob = await apiPostForBlob("/api/voice/speak", { text });
      const url = URL.createObjectURL(blob);
      audio.current?.pause();
      const player = new Audio(url);
      player.addEventListener("ended", () => URL.revokeObjectURL(url));
      audio.current = player;
      await player.play();
    } catch (caught) {
      // The server's refusal has its own message; anything else is the WebView not playing (autoplay, no Ogg Opus).
      setError(caught instanceof ApiError ? caught.message : t.assistant.playFailed);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (status !== "idle") return;
    const question = draft;
    setDraft("");
    void ask(question);
  }

  async function startRecording() {
    if (status !== "idle" || recorder.current?.state === "recording") return;
    isHeld.current = true;
    setError(undefined);
    hapticTap();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setError(t.assistant.micDenied);
      return;
    }
    if (!isHeld.current) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream);
    media.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    });
    media.addEventListener("stop", () => {
      for (const track of stream.getTracks()) track.stop();
      if (isLeaving.current) return;
      const blob = new Blob(chunks, { type: media.mimeType || "audio/webm" });
      if (blob.size > 0) void transcribe(blob, recordingName(blob.type));
      else setStatus("idle");
    });
    recorder.current = media;
    media.start();
    setStatus("recording");
  }

  function stopRecording() {
    isHeld.current = false;
    if (recorder.current?.state === "recording") {
      setStatus("transcribing");
      recorder.current.stop();
    }
  }

  async function transcribe(blob: Blob, fileName: string) {
    setStatus("transcribing");
    try {
      const { text } = await apiUpload<{ text: string }>("/api/voice/transcribe", blob, fileName);
      setStatus("idle");
      await ask(text, { isSpoken: true });
    } catch (caught) {
      setError(toApiError(caught).message);
      setStatus("idle");
    }
  }

  function newChat() {
    conversationId.current = undefined;
    setMessages([]);
    setError(undefined);
  }

  return (
    <div className="flex flex-col gap-3 p-4" data-testid="assistant-page">
      {messages.length === 0 ? (
        <p className="rounded-2xl bg-section p-4 text-sm text-hint">{t.assistant.intro}</p>
      ) : (
        <div className="flex justify-end">
          <button type="button" onClick={newChat} className="text-sm text-link">
            {t.assistant.newChat}
          </button>
        </div>
      )}
      <ol className="flex flex-col gap-2" aria-live="polite" data-testid="chat-log">
        {messages.map((message) => (
          <li
            key={message.id}
            data-testid={message.role === "user" ? "chat-question" : "chat-answer"}
            className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm whitespace-pre-wrap ${
              message.role === "user" ? "self-end bg-button text-button-text" : "self-start bg-section"
            }`}
          >
            <span className="sr-only">{message.role === "user" ? t.assistant.you : t.assistant.bot}: </span>
            {message.text}
            {message.sources && message.sources.length > 0 && (
              <div className="mt-2 border-t border-separator pt-1.5" data-testid="chat-sources">
                <p className="text-xs text-hint">{t.assistant.sources}</p>
                <ul className="mt-0.5 space-y-0.5 text-xs">
                  {message.sources.map((source, index) => (
                    <li key={index}>
                      <span className="text-hint">{t.assistant.sourceKinds[source.kind]}:</span> {source.title}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {message.actions && message.actions.length > 0 && (
              <ChatActions actions={message.actions} onOpenHouse={setOpenHouseId} />
            )}
            {message.mode === "rules" && <p className="mt-1 text-[11px] text-hint">{t.assistant.offline}</p>}
          </li>
        ))}
        {status === "thinking" && (
          <li className="self-start rounded-2xl bg-section px-3 py-2 text-sm text-hint">{t.assistant.thinking}</li>
        )}
      </ol>
      {error && (
        <p
          role="alert"
          className="rounded-xl bg-destructive/10 px-3 py-2 text-sm text-destructive"
          data-testid="chat-error"
        >
          {error}
        </p>
      )}
      <div ref={bottom} />
      <form onSubmit={onSubmit} className="sticky bottom-20 flex items-end gap-2 rounded-2xl bg-bg p-2 shadow-sm">
        <label className="sr-only" htmlFor="assistant-question">
          {t.assistant.placeholder}
        </label>
        <textarea
          id="assistant-question"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) onSubmit(event);
          }}
          rows={1}
          maxLength={2000}
          placeholder={t.assistant.placeholder}
          className="min-h-10 flex-1 resize-none rounded-xl bg-secondary px-3 py-2 text-sm outline-none"
        />
        {isVoiceAvailable && (
          <button
            type="button"
            data-testid="voice-button"
            aria-label={status === "recording" ? t.assistant.recording : t.assistant.holdToTalk}
            title={t.assistant.holdToTalk}
            disabled={isOffline || status === "thinking" || status === "transcribing"}
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture?.(event.pointerId);
              void startRecording();
            }}
            onPointerUp={stopRecording}
            onPointerCancel={stopRecording}
            onContextMenu={(event) => event.preventDefault()}
            className={`flex h-10 w-10 shrink-0 touch-none items-center justify-center rounded-full select-none disabled:opacity-50 ${
              status === "recording" ? "bg-destructive text-white" : "bg-secondary text-accent"
            }`}
          >
            <svg viewBox="0 0 24 24" className="h-5 w-5" fill="currentColor" aria-hidden>
              <path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z" />
            </svg>
          </button>
        )}
        <button
          type="submit"
          disabled={isOffline || status !== "idle" || !draft.trim()}
          className="h-10 shrink-0 rounded-xl bg-button px-4 text-sm font-medium text-button-text disabled:opacity-50"
        >
          {t.assistant.send}
        </button>
      </form>
      <HandsFreeConversation
        ask={(question) => ask(question)}
        onTextInstead={() => document.getElementById("assistant-question")?.focus()}
        onTranscript={(role, text) => add({ role, text })}
      />
      {(status === "recording" || status === "transcribing") && (
        <p className="text-center text-xs text-hint" data-testid="voice-status">
          {status === "recording" ? t.assistant.recording : t.assistant.transcribing}
        </p>
      )}
      {openHouseId !== undefined && (
        <DetailsModal house={{ id: openHouseId }} onClose={() => setOpenHouseId(undefined)} />
      )}
    </div>
  );
}
