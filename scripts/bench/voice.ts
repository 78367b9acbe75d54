// `npm run bench:voice`: one hands-free turn as the mini-app makes it — upload the recording to
// /api/voice/transcribe, ask /api/ai/chat, then /api/voice/speak until its first audio byte — over real HTTP
// against the demo company, with the fake OpenAI server answering at realistic latencies (recognition 350 ms, the
// model 700 ms, speech 400 ms; BENCH_VOICE_STT_MS / _LLM_MS / _TTS_MS change them). Speech is synthesized by the
// fake (remote TTS) and by the offline espeak-ng. The page adds its end-of-speech wait (700 ms of silence) before
// the upload starts; the "end of speech -> first audio byte" figure includes it.
import type { AddressInfo } from "node:net";
import { createApp } from "../../api/src/app.ts";
import { OpenAPIRegistry } from "../../api/src/lib/openapi.ts";
import { createAssistantFeature } from "../../api/src/modules/assistant/assistant.feature.ts";
import { encodeOggOpus } from "../../api/src/modules/voice/ffmpeg.ts";
import { createToneWav, startFakeOpenAI } from "../../api/src/testing/fake-openai.ts";
import { createDemoTestDatabase, createTestContext } from "../../api/src/testing/test-db.ts";

const TURNS = Number(process.env.BENCH_VOICE_TURNS ?? 10);
const VAD_END_SILENCE_MS = 700;
const latency = {
  transcription: Number(process.env.BENCH_VOICE_STT_MS ?? 350),
  chat: Number(process.env.BENCH_VOICE_LLM_MS ?? 700),
  speech: Number(process.env.BENCH_VOICE_TTS_MS ?? 400),
};
const ANSWER = "Завтра по графику одиннадцать домов, первая уборка на улице Ленина, дом пять.";

const fake = await startFakeOpenAI({
  behaviour: { delayMs: latency, transcribe: () => "какие дома у нас завтра", chat: () => ({ content: ANSWER }) },
});
const db = await createDemoTestDatabase("2026-11-26");
// What a browser uploads: two seconds of Opus.
const recording = (await encodeOggOpus(createToneWav(2), { inputExtension: "wav" })).audio;

async function serve(tts: "auto" | "offline") {
  const ctx = createTestContext(db, {
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.baseUrl,
    LOG_LEVEL: "silent",
  });
  const registry = new OpenAPIRegistry();
  const feature = await createAssistantFeature({ voice: { tts } })({
    ctx,
    scheduler: undefined as never,
    hasVector: false,
    registry,
  });
  const { app } = createApp({ ctx, hasVector: false, registry, miniAppDir: null, apiRouters: feature.apiRouters });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function turn(url: string) {
  const headers = { Authorization: "demo" };
  const started = performance.now();
  const form = new FormData();
  form.append("file", new Blob([recording], { type: "audio/ogg" }), "voice.ogg");
  const transcript = (await (
    await fetch(`${url}/api/voice/transcribe`, { method: "POST", headers, body: form })
  ).json()) as { text: string };
  const transcribed = performance.now();
  const reply = (await (
    await fetch(`${url}/api/ai/chat`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ message: transcript.text }),
    })
  ).json()) as { answer: string };
  const answered = performance.now();
  const speech = await fetch(`${url}/api/voice/speak`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ text: reply.answer }),
  });
  const reader = speech.body!.getReader();
  await reader.read();
  const firstByte = performance.now();
  while (!(await reader.read()).done);
  return {
    stt: transcribed - started,
    chat: answered - transcribed,
    tts: firstByte - answered,
    total: firstByte - started,
  };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (value: number) => `${Math.round(value)} ms`.padStart(8);

console.log(
  `Hands-free turn, ${TURNS} turns per row; fake latencies: recognition ${latency.transcription} ms, model ${latency.chat} ms, speech ${latency.speech} ms`,
);
console.log(
  `${"speech".padEnd(22)}${"recognize".padStart(10)}${"answer".padStart(9)}${"speak".padStart(9)}${"server p50".padStart(12)}${"p95".padStart(9)}${"  end of speech -> first audio p50 / p95"}`,
);
try {
  for (const tts of ["auto", "offline"] as const) {
    const server = await serve(tts);
    await turn(server.url); // warm-up: ffmpeg, espeak-ng's WASM, the database's caches
    const rows: Awaited<ReturnType<typeof turn>>[] = [];
    for (let i = 0; i < TURNS; i++) rows.push(await turn(server.url));
    await server.close();
    const median = (key: keyof (typeof rows)[number]) =>
      percentile(
        rows.map((row) => row[key]),
        50,
      );
    const totals = rows.map((row) => row.total);
    console.log(
      `${(tts === "auto" ? "remote TTS (fake)" : "offline espeak-ng").padEnd(22)}${ms(median("stt")).padStart(10)}${ms(median("chat")).padStart(9)}${ms(median("tts")).padStart(9)}` +
        `${ms(percentile(totals, 50)).padStart(12)}${ms(percentile(totals, 95)).padStart(9)}  ${ms(percentile(totals, 50) + VAD_END_SILENCE_MS)} / ${ms(percentile(totals, 95) + VAD_END_SILENCE_MS)}`,
    );
  }
} finally {
  await db.close();
  await fake.close();
}
