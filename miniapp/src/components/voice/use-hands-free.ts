// The hands-free loop: listen (voice activity detection) -> /api/voice/transcribe -> the page's question ->
// /api/voice/speak -> play -> listen again. Speaking over the answer stops it (barge-in). The microphone is asked
// for once per start and kept (Telegram on iOS and Android asks again on every getUserMedia); minimising the app
// stops it, and the transcript stays on the page.
import { useCallback, useEffect, useRef, useState } from "react";
import { t } from "../../i18n/ru.ts";
import { ApiError, apiPostForBlob, apiUpload, toApiError } from "../../lib/api-client.ts";
import { detectVoiceActivity, type VoiceActivity } from "./voice-activity.ts";

export type HandsFreeState = "off" | "starting" | "listening" | "thinking" | "speaking" | "paused";

export interface HandsFreeOptions {
  /** Asks the question as the page does (it shows both bubbles) and resolves to the answer to speak, if any. */
  ask: (question: string) => Promise<string | undefined>;
}

const recordingName = (mimeType: string) =>
  mimeType.includes("ogg") ? "voice.ogg" : mimeType.includes("mp4") ? "voice.m4a" : "voice.webm";

/** A 50 ms silent WAV: played inside the tap so iOS lets the same element play answers later without a tap. */
function silentWav(): string {
  const samples = 400;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) =>
    [...value].forEach((char, i) => view.setUint8(offset + i, char.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples * 2, true);
  return `data:audio/wav;base64,${btoa(String.fromCharCode(...bytes))}`;
}

/** Where to allow the microphone, by the device the WebView runs on. */
export function micDeniedMessage(): string {
  const agent = navigator.userAgent;
  if (/iPhone|iPad|iPod/.test(agent)) return t.handsFree.micDeniedIos;
  if (/Android/.test(agent)) return t.handsFree.micDeniedAndroid;
  return t.handsFree.micDeniedDesktop;
}

export function useHandsFree({ ask }: HandsFreeOptions) {
  const [state, setState] = useState<HandsFreeState>("off");
  const [notice, setNotice] = useState<string>();
  const [bargeIns, setBargeIns] = useState(0);
  const [level, setLevel] = useState(0);
  const stateRef = useRef<HandsFreeState>("off");
  const stream = useRef<MediaStream | undefined>(undefined);
  const audioContext = useRef<AudioContext | undefined>(undefined);
  const activity = useRef<VoiceActivity | undefined>(undefined);
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  const player = useRef<HTMLAudioElement | undefined>(undefined);
  const askRef = useRef(ask);
  askRef.current = ask;
  // Each turn has a number: a barge-in or a stop makes the older turn's late answers stale.
  const turn = useRef(0);

  const enter = (next: HandsFreeState) => {
    stateRef.current = next;
    setState(next);
  };

  const stopPlayback = () => {
    player.current?.pause();
    activity.current?.setSensitivity("normal");
  };

  const listen = useCallback(() => {
    const media = stream.current;
    if (!media) return;
    stopPlayback();
    enter("listening");
    const chunks: Blob[] = [];
    const recording = new MediaRecorder(media);
    recording.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    });
    recording.addEventListener("stop", () => {
      if (recorder.current !== recording || stateRef.current !== "thinking") return;
      const blob = new Blob(chunks, { type: recording.mimeType || "audio/webm" });
      void answer(blob, turn.current);
    });
    recorder.current = recording;
    recording.start();
  }, []);

  async function answer(blob: Blob, number: number) {
    const isCurrent = () => turn.current === number && stateRef.current !== "off" && stateRef.current !== "paused";
    try {
      const { text } = await apiUpload<{ text: string }>("/api/voice/transcribe", blob, recordingName(blob.type));
      if (!isCurrent()) return;
      const reply = await askRef.current(text);
      if (!isCurrent()) return;
      if (!reply) return listen();
      const speech = await apiPostForBlob("/api/voice/speak", { text: reply });
      if (!isCurrent() || stateRef.current !== "thinking") return;
      await play(speech, number);
    } catch (caught) {
      if (!isCurrent()) return;
      const error = toApiError(caught);
      if (error.code === "empty_transcript") {
        setNotice(t.handsFree.notHeard);
        return listen();
      }
      setNotice(error.message);
      if (error.code === "stt_not_configured") return stop();
      listen();
    }
  }

  async function play(speech: Blob, number: number) {
    const element = player.current ?? new Audio();
    player.current = element;
    const url = URL.createObjectURL(speech);
    element.src = url;
    element.onended = () => {
      URL.revokeObjectURL(url);
      if (turn.current === number && stateRef.current === "speaking") listen();
    };
    enter("speaking");
    activity.current?.setSensitivity("barge-in");
    try {
      await element.play();
    } catch (caught) {
      // iOS plays audio only after a tap; the answer is on the page as text anyway.
      if ((caught as Error).name === "NotAllowedError") setNotice(t.handsFree.tapForSound);
      else if (!(caught instanceof ApiError)) setNotice(t.assistant.playFailed);
      if (turn.current === number) listen();
    }
  }

  const release = () => {
    activity.current?.stop();
    activity.current = undefined;
    if (recorder.current?.state === "recording") recorder.current.stop();
    recorder.current = undefined;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = undefined;
    stopPlayback();
    void audioContext.current?.close().catch(() => undefined);
    audioContext.current = undefined;
  };

  const stop = useCallback(() => {
    turn.current++;
    release();
    enter("off");
  }, []);

  /** Starts in the user's tap: the microphone prompt, the audio unlock and the audio clock all need the gesture. */
  const start = useCallback(async () => {
    if (stateRef.current !== "off" && stateRef.current !== "paused") return;
    setNotice(undefined);
    enter("starting");
    const element = player.current ?? new Audio();
    player.current = element;
    element.src = silentWav();
    void element.play().catch(() => undefined);
    const context = new AudioContext();
    audioContext.current = context;
    void context.resume().catch(() => undefined);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (caught) {
      const name = (caught as Error).name;
      release();
      enter("off");
      setNotice(
        name === "NotAllowedError" || name === "SecurityError"
          ? micDeniedMessage()
          : name === "NotFoundError"
            ? t.handsFree.noMic
            : t.handsFree.micFailed,
      );
      return;
    }
    // Stopped while the permission prompt was open.
    if ((stateRef.current as HandsFreeState) !== "starting") return release();
    const detector = detectVoiceActivity(context, stream.current);
    detector.onLevel = setLevel;
    detector.onSpeechStart = () => {
      if (stateRef.current === "speaking") {
        // Barge-in: the user talks over the answer, so it stops and we listen.
        turn.current++;
        setBargeIns((count) => count + 1);
        listen();
      }
    };
    detector.onSpeechEnd = () => {
      if (stateRef.current !== "listening" || recorder.current?.state !== "recording") return;
      turn.current++;
      enter("thinking");
      recorder.current.stop();
    };
    activity.current = detector;
    listen();
  }, [listen]);

  // Minimised (or the phone locked): the microphone goes off at once, the transcript stays.
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState !== "hidden" || stateRef.current === "off" || stateRef.current === "paused") return;
      turn.current++;
      release();
      enter("paused");
      setNotice(t.handsFree.paused);
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      turn.current++;
      release();
    };
  }, []);

  return { state, notice, bargeIns, level, start, stop };
}
