import { useEffect, useState } from "react";
import { t } from "../../i18n/ru.ts";
import { apiGet } from "../../lib/api-client.ts";
import { hapticTap } from "../../lib/platform.ts";
import { LiveConversation } from "./LiveConversation.tsx";
import { type HandsFreeState, useHandsFree } from "./use-hands-free.ts";

interface Props {
  /** Asks as the page does and resolves to the answer text to speak. */
  ask: (question: string) => Promise<string | undefined>;
  /** Called when recognition is not configured, so the page can offer the text field. */
  onTextInstead?: () => void;
  /** Live-mode transcripts, shown as chat bubbles. */
  onTranscript?: (role: "user" | "assistant", text: string) => void;
}

const canListen = () =>
  typeof window !== "undefined" &&
  typeof window.MediaRecorder === "function" &&
  typeof window.AudioContext === "function" &&
  typeof navigator.mediaDevices?.getUserMedia === "function";

const STATE_STYLES: Record<HandsFreeState, string> = {
  off: "bg-secondary text-accent",
  starting: "bg-secondary text-hint",
  listening: "bg-button text-button-text",
  thinking: "bg-secondary text-accent animate-pulse",
  speaking: "bg-accent text-button-text",
  paused: "bg-secondary text-hint",
};

/** «Разговор без рук»: one tap starts a spoken conversation with the assistant; another ends it. */
export function HandsFreeConversation({ ask, onTextInstead, onTranscript }: Props) {
  const [isSttConfigured, setIsSttConfigured] = useState<boolean>();
  const [isRealtime, setIsRealtime] = useState(false);
  const { state, notice, bargeIns, level, start, stop } = useHandsFree({ ask });

  useEffect(() => {
    const controller = new AbortController();
    apiGet<{ stt: boolean; realtime: boolean }>("/api/voice/capabilities", controller.signal).then(
      (capabilities) => {
        setIsSttConfigured(capabilities.stt);
        setIsRealtime(capabilities.realtime);
      },
      () => setIsSttConfigured(true), // unknown: try, and the transcription's own message will say what is wrong
    );
    return () => controller.abort();
  }, []);

  if (!canListen()) return null;
  const live = isRealtime && onTranscript ? <LiveConversation onTranscript={onTranscript} /> : null;
  if (isSttConfigured === false && live) return <section className="rounded-2xl bg-section p-3">{live}</section>;
  if (isSttConfigured === false) {
    return (
      <p className="rounded-xl bg-section px-3 py-2 text-xs text-hint" data-testid="handsfree-unavailable">
        {t.handsFree.sttOff}{" "}
        {onTextInstead && (
          <button type="button" className="text-link" onClick={onTextInstead}>
            {t.handsFree.typeInstead}
          </button>
        )}
      </p>
    );
  }
  const isActive = state !== "off" && state !== "paused";
  return (
    <section
      className="flex flex-col items-center gap-1.5 rounded-2xl bg-section p-3"
      aria-label={t.handsFree.title}
      data-testid="handsfree"
    >
      <button
        type="button"
        data-testid="handsfree-toggle"
        disabled={isSttConfigured === undefined}
        onClick={() => {
          hapticTap();
          if (isActive) stop();
          else void start();
        }}
        className={`flex h-14 min-w-40 items-center justify-center gap-2 rounded-full px-5 text-sm font-medium transition disabled:opacity-50 ${STATE_STYLES[state]}`}
        style={
          state === "listening"
            ? {
                boxShadow: `0 0 0 ${Math.round(level * 12)}px color-mix(in srgb, var(--tg-theme-button-color, #2481cc) 30%, transparent)`,
              }
            : undefined
        }
      >
        {isActive ? t.handsFree.states[state] : state === "paused" ? t.handsFree.resume : t.handsFree.start}
      </button>
      <p
        className="text-center text-xs text-hint"
        role="status"
        aria-live="polite"
        data-testid="handsfree-state"
        data-state={state}
        data-barge-ins={bargeIns}
      >
        {isActive ? t.handsFree.hints[state] : t.handsFree.hint}
      </p>
      {notice && (
        <p className="text-center text-xs text-destructive" data-testid="handsfree-notice">
          {notice}
        </p>
      )}
      {live}
    </section>
  );
}
