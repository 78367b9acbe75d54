import { useEffect, useRef, useState } from "react";
import { t } from "../../i18n/ru.ts";
import { apiSend, toApiError } from "../../lib/api-client.ts";
import { hapticTap } from "../../lib/platform.ts";
import { startLiveSession, type LiveState, type LiveToken } from "./live-session.ts";
import { micDeniedMessage } from "./use-hands-free.ts";

interface Props {
  onTranscript: (role: "user" | "assistant", text: string) => void;
}

/** «Разговор онлайн»: a live conversation with the Realtime model (shown only when the server has one configured). */
export function LiveConversation({ onTranscript }: Props) {
  const [state, setState] = useState<LiveState | "off">("off");
  const [transport, setTransport] = useState<"webrtc" | "relay">();
  const [notice, setNotice] = useState<string>();
  const session = useRef<{ stop: () => void } | undefined>(undefined);
  const stream = useRef<MediaStream | undefined>(undefined);
  const onTranscriptRef = useRef(onTranscript);
  onTranscriptRef.current = onTranscript;

  const end = () => {
    session.current?.stop();
    session.current = undefined;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = undefined;
    setState("off");
  };

  async function begin() {
    setNotice(undefined);
    setState("connecting");
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch (caught) {
      setState("off");
      setNotice((caught as Error).name === "NotAllowedError" ? micDeniedMessage() : t.handsFree.micFailed);
      return;
    }
    try {
      const token = await apiSend<LiveToken>("POST", "/api/voice/token", {});
      session.current = await startLiveSession(token, stream.current, {
        onState: setState,
        onTransport: setTransport,
        onUserText: (text) => onTranscriptRef.current("user", text),
        onAssistantText: (text) => onTranscriptRef.current("assistant", text),
        onError: setNotice,
      });
    } catch (caught) {
      end();
      setNotice(caught instanceof Error && "code" in caught ? toApiError(caught).message : t.live.failed);
    }
  }

  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === "hidden" && session.current) {
        end();
        setNotice(t.live.paused);
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      end();
    };
  }, []);

  const isOn = state !== "off";
  return (
    <div className="flex flex-col items-center gap-1" data-testid="live">
      <button
        type="button"
        data-testid="live-toggle"
        onClick={() => {
          hapticTap();
          if (isOn) end();
          else void begin();
        }}
        className={`rounded-full px-4 py-2 text-sm ${isOn ? "bg-destructive text-white" : "bg-secondary text-link"}`}
      >
        {isOn ? t.live.stop : t.live.start}
      </button>
      <p
        className="text-center text-xs text-hint"
        role="status"
        data-testid="live-state"
        data-state={state}
        data-transport={transport ?? ""}
      >
        {isOn ? t.live.states[state] : t.live.hint}
      </p>
      {notice && (
        <p className="text-center text-xs text-destructive" data-testid="live-notice">
          {notice}
        </p>
      )}
    </div>
  );
}
