// `npm run bench:meetings`: a 60-minute планёрка as the mini-app sends it — a 5 s Opus chunk after another to
// POST /api/meetings/:id/chunks over real HTTP, the fake STT answering each after 300 ms — then «Стоп». Prints the
// lag from a chunk's end (its upload starts) to its text in the answer (what the page shows), p50/p95/max overall
// and for the first and last ten minutes (the prompt and the transcript grow), CPU per chunk and memory.
// BENCH_MEETINGS_MINUTES, BENCH_MEETINGS_CHUNK_S and BENCH_MEETINGS_STT_MS change the figures.
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../api/src/app.ts";
import { OpenAPIRegistry } from "../../api/src/lib/openapi.ts";
import { createMeetingsFeature } from "../../api/src/modules/meetings/meetings.feature.ts";
import { encodeOggOpus } from "../../api/src/modules/voice/ffmpeg.ts";
import { createToneWav, startFakeOpenAI } from "../../api/src/testing/fake-openai.ts";
import { createDemoTestDatabase, createTestContext } from "../../api/src/testing/test-db.ts";

const MINUTES = Number(process.env.BENCH_MEETINGS_MINUTES ?? 60);
const CHUNK_S = Number(process.env.BENCH_MEETINGS_CHUNK_S ?? 5);
const STT_MS = Number(process.env.BENCH_MEETINGS_STT_MS ?? 300);
const CHUNKS = Math.round((MINUTES * 60) / CHUNK_S);
const PHRASES = [
  "Вторая бригада до пятницы моет окна на Ленина пять",
  "Решили закупить новые швабры и перчатки для всех бригад",
  "Нужно позвонить в управляющую компанию по поводу ключей от подвала",
  "Третья бригада завтра выходит на Садовую, там жалоба жильцов",
];

let sttCalls = 0;
const fake = await startFakeOpenAI({
  behaviour: {
    delayMs: { transcription: STT_MS, chat: 0, speech: 0 },
    transcribe: () => `${PHRASES[sttCalls++ % PHRASES.length]}.`,
  },
});
const dataDir = await mkdtemp(path.join(tmpdir(), "bench-meetings-"));
const db = await createDemoTestDatabase("2026-11-26");
const ctx = createTestContext(db, {
  STT_BASE_URL: fake.baseUrl,
  STT_API_KEY: fake.apiKey,
  DATA_DIR: dataDir,
  LOG_LEVEL: "silent",
});
const registry = new OpenAPIRegistry();
const feature = createMeetingsFeature({ ctx, registry, hasVector: false, scheduler: undefined as never });
const { app } = createApp({ ctx, hasVector: false, registry, miniAppDir: null, apiRouters: feature.apiRouters });
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const headers = { Authorization: "demo" };
// What Chrome's MediaRecorder uploads: a few seconds of Opus (about 20 KB at 32 kbit/s).
const chunk = (await encodeOggOpus(createToneWav(CHUNK_S), { inputExtension: "wav" })).audio;

const { id } = (await (
  await fetch(`${url}/api/meetings`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: "{}",
  })
).json()) as { id: number };
const lags: number[] = [];
const memoryBefore = process.memoryUsage();
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (let seq = 0; seq < CHUNKS; seq++) {
  const form = new FormData();
  form.append("seq", String(seq));
  form.append("startMs", String(seq * CHUNK_S * 1000));
  form.append("durationMs", String(CHUNK_S * 1000));
  form.append("file", new Blob([chunk], { type: "audio/ogg" }), "chunk.ogg");
  const sent = performance.now();
  const response = await fetch(`${url}/api/meetings/${id}/chunks`, { method: "POST", headers, body: form });
  const body = (await response.json()) as { segments: { text: string }[] };
  if (!response.ok || !body.segments[0]?.text)
    throw new Error(`chunk ${seq}: ${response.status} ${JSON.stringify(body)}`);
  lags.push(performance.now() - sent);
}
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const memoryAfter = process.memoryUsage();
const stopStarted = performance.now();
const stop = (await (await fetch(`${url}/api/meetings/${id}/stop`, { method: "POST", headers })).json()) as {
  actionItems: unknown[];
  status: string;
};
const stopMs = performance.now() - stopStarted;
const exportStarted = performance.now();
const txt = await (await fetch(`${url}/api/meetings/${id}/export.txt`, { headers })).text();
const exportMs = performance.now() - exportStarted;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const describe = (values: number[]) =>
  `p50 ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
const tenMinutes = Math.round(600 / CHUNK_S);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(
  `bench:meetings — ${MINUTES} min in ${CHUNK_S} s chunks (${CHUNKS} chunks), fake STT at ${STT_MS} ms, PGlite, one process`,
);
console.log(`  lag chunk end -> text: ${describe(lags)} (goal p95 <= 2000 ms)`);
console.log(
  `    first 10 min: ${describe(lags.slice(0, tenMinutes))}; last 10 min: ${describe(lags.slice(-tenMinutes))}`,
);
console.log(
  `  server work per chunk (lag minus the STT's ${STT_MS} ms): p50 ${(quantile(lags, 0.5) - STT_MS).toFixed(0)} ms, p95 ${(quantile(lags, 0.95) - STT_MS).toFixed(0)} ms`,
);
console.log(
  `  CPU per chunk: ${((cpu.user + cpu.system) / 1000 / CHUNKS).toFixed(1)} ms (API + PGlite + fake STT + client in this process; ${(elapsedMs / 1000).toFixed(0)} s wall)`,
);
console.log(
  `  memory: RSS ${mb(memoryBefore.rss)} -> ${mb(memoryAfter.rss)}, heap ${mb(memoryBefore.heapUsed)} -> ${mb(memoryAfter.heapUsed)}`,
);
console.log(
  `  «Стоп» (offline summary of ${txt.length.toLocaleString("ru-RU")} characters, ${stop.actionItems.length} action items, ${stop.status}): ${stopMs.toFixed(0)} ms; export.txt ${exportMs.toFixed(0)} ms`,
);

server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
await fake.close();
await db.close();
await rm(dataDir, { recursive: true, force: true });
