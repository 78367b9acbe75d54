// «Разговор онлайн»: the browser talks to the Realtime model with the short-lived client secret the server minted.
// WebRTC first (SDP to the calls endpoint, events on the `oai-events` data channel, tool calls sent to
// /api/voice/tools, finished exchanges to /api/voice/turns); where WebRTC fails, the server's WebSocket relay, which
// runs tools and saves exchanges itself. The relay carries audio as 24 kHz PCM16 in base64, both ways.
import { apiSend } from "../../lib/api-client.ts";

export interface LiveToken {
  clientSecret: string;
  sessionId: string;
  callsUrl: string;
  relayTicket: string;
}

export type LiveState = "connecting" | "listening" | "speaking";

export interface LiveCallbacks {
  onState: (state: LiveState) => void;
  onUserText: (text: string) => void;
  onAssistantText: (text: string) => void;
  onTransport: (transport: "webrtc" | "relay") => void;
  onError: (message: string) => void;
}

interface RealtimeEvent {
  type: string;
  [key: string]: unknown;
}

const RATE = 24_000;

function toBase64Pcm(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((sample, i) => view.setInt16(i * 2, Math.max(-1, Math.min(1, sample)) * 0x7fff, true));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64Pcm(base64: string): Float32Array {
  const binary = atob(base64);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const samples = new Float32Array(binary.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true) / 0x8000;
  return samples;
}

/** Starts a live session on the kept microphone stream; resolves once connected, with a way to end it. */
export async function startLiveSession(
  token: LiveToken,
  stream: MediaStream,
  callbacks: LiveCallbacks,
): Promise<{ stop: () => void }> {
  let question: string | undefined;
  const handle = (event: RealtimeEvent, send: ((event: object) => void) | null) => {
    switch (event.type) {
      case "input_audio_buffer.speech_started":
        callbacks.onState("listening");
        return "barge-in";
      case "conversation.item.input_audio_transcription.completed":
        question = String(event.transcript ?? "").trim() || undefined;
        if (question) callbacks.onUserText(question);
        return;
      case "response.output_audio_transcript.delta":
        callbacks.onState("speaking");
        return;
      case "response.output_audio_transcript.done": {
        const answer = String(event.transcript ?? "").trim();
        if (answer) callbacks.onAssistantText(answer);
        // Over WebRTC nobody else sees the transcript: the page saves it (the relay saves its own).
        if (send && question && answer)
          void apiSend("POST", "/api/voice/turns", { sessionId: token.sessionId, question, answer }).catch(
            () => undefined,
          );
        question = undefined;
        return;
      }
      case "response.function_call_arguments.done":
        if (send) void runTool(event, send);
        return;
      case "error": {
        const error = event.error as { message?: string; code?: string } | undefined;
        if (error?.code !== "relay_refused") callbacks.onError(error?.message ?? "Ошибка разговора онлайн");
        return;
      }
    }
  };

  async function runTool(event: RealtimeEvent, send: (event: object) => void) {
    let output: string;
    try {
      const result = await apiSend<{ output: string }>("POST", "/api/voice/tools", {
        sessionId: token.sessionId,
        callId: event.call_id,
        name: event.name,
        arguments: event.arguments,
      });
      output = result.output;
    } catch (caught) {
      output = JSON.stringify({ error: (caught as Error).message });
    }
    send({ type: "conversation.item.create", item: { type: "function_call_output", call_id: event.call_id, output } });
    send({ type: "response.create" });
  }

  const webrtc =
    typeof RTCPeerConnection === "function" ? await tryWebRtc(token, stream, handle).catch(() => null) : null;
  if (webrtc) {
    callbacks.onTransport("webrtc");
    callbacks.onState("listening");
    return webrtc;
  }
  const relay = await openRelay(token, stream, handle);
  callbacks.onTransport("relay");
  callbacks.onState("listening");
  return relay;
}

type Handler = (event: RealtimeEvent, send: ((event: object) => void) | null) => "barge-in" | void;

async function tryWebRtc(token: LiveToken, stream: MediaStream, handle: Handler) {
  const pc = new RTCPeerConnection();
  try {
    const player = new Audio();
    player.autoplay = true;
    pc.ontrack = (event) => {
      player.srcObject = event.streams[0] ?? null;
      void player.play().catch(() => undefined);
    };
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    const channel = pc.createDataChannel("oai-events");
    const send = (event: object) => channel.readyState === "open" && channel.send(JSON.stringify(event));
    channel.addEventListener("message", (message) => handle(JSON.parse(String(message.data)) as RealtimeEvent, send));
    await pc.setLocalDescription(await pc.createOffer());
    const response = await fetch(token.callsUrl, {
      method: "POST",
      headers: { Authorization: `Bearer ${token.clientSecret}`, "Content-Type": "application/sdp" },
      body: pc.localDescription!.sdp,
    });
    if (!response.ok) throw new Error(`calls ${response.status}`);
    await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("data channel timeout")), 8000);
      channel.addEventListener("open", () => (clearTimeout(timer), resolve()));
    });
    return { stop: () => pc.close() };
  } catch (error) {
    pc.close();
    throw error;
  }
}

async function openRelay(token: LiveToken, stream: MediaStream, handle: Handler) {
  const url = `${location.origin.replace(/^http/, "ws")}/api/voice/ws/${encodeURIComponent(token.sessionId)}?ticket=${encodeURIComponent(token.relayTicket)}`;
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("relay failed")), { once: true });
  });
  const context = new AudioContext({ sampleRate: RATE });
  void context.resume().catch(() => undefined);
  const source = context.createMediaStreamSource(stream);
  // ScriptProcessorNode is deprecated but runs in every WebView, including those without AudioWorklet.
  const capture = context.createScriptProcessor(4096, 1, 1);
  capture.onaudioprocess = (event) => {
    if (socket.readyState === WebSocket.OPEN)
      socket.send(
        JSON.stringify({ type: "input_audio_buffer.append", audio: toBase64Pcm(event.inputBuffer.getChannelData(0)) }),
      );
  };
  source.connect(capture);
  capture.connect(context.destination);
  let playAt = 0;
  let playing: AudioBufferSourceNode[] = [];
  socket.addEventListener("message", (message) => {
    const event = JSON.parse(String(message.data)) as RealtimeEvent;
    if (event.type === "response.output_audio.delta") {
      const samples = fromBase64Pcm(String(event.delta ?? ""));
      const buffer = context.createBuffer(1, samples.length, RATE);
      buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(context.destination);
      playAt = Math.max(playAt, context.currentTime);
      node.start(playAt);
      playAt += buffer.duration;
      playing.push(node);
      node.onended = () => (playing = playing.filter((other) => other !== node));
      return;
    }
    // The relay runs tools and saves the exchange on the server: the page only listens and shows.
    if (handle(event, null) === "barge-in") {
      for (const node of playing) node.stop();
      playing = [];
      playAt = 0;
    }
  });
  return {
    stop: () => {
      capture.disconnect();
      source.disconnect();
      socket.close();
      void context.close().catch(() => undefined);
    },
  };
}
