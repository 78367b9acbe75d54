// The fake portal in a child process, for the benchmark: a real portal's CPU is not ours, so the portal's
// filtering and JSON work must not share the event loop with the sync being measured.
import { fork, type ChildProcess } from "node:child_process";
import { DEFAULT_FIELD_MAP } from "../field-map.ts";
import { startFakeBitrix24, type FakeBitrix24Options, type Record_ } from "./fake-bitrix24.ts";
import { seedFakePortal } from "./fake-portal-data.ts";

type Request =
  | { type: "update"; id: number; fields: Record_ }
  | { type: "events"; url: string; applicationToken: string }
  | { type: "pipeline" }
  | { type: "stats" };

export interface RemoteFakeBitrix24 {
  webhookUrl: string;
  updateDeal(id: number, fields: Record_): Promise<void>;
  setEvents(url: string, applicationToken: string): Promise<void>;
  /** IDs of the deals in the houses pipeline. */
  pipelineIds(): Promise<number[]>;
  stats(): Promise<{ requests: number; rejected: number }>;
  close(): Promise<void>;
}

/** Starts a seeded fake portal in a child process. */
export async function startRemoteFakeBitrix24(
  options: FakeBitrix24Options & { deals: number },
): Promise<RemoteFakeBitrix24> {
  const child: ChildProcess = fork(import.meta.filename, [JSON.stringify(options)], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  let sequence = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  const ready = new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.on("message", (message: { ready?: string; reply?: number; value?: unknown }) => {
      if (message.ready) resolve(message.ready);
      if (message.reply !== undefined) {
        waiting.get(message.reply)?.(message.value);
        waiting.delete(message.reply);
      }
    });
  });
  const ask = <T>(request: Request) =>
    new Promise<T>((resolve) => {
      const id = ++sequence;
      waiting.set(id, resolve as (value: unknown) => void);
      child.send({ id, request });
    });
  const webhookUrl = await ready;
  return {
    webhookUrl,
    updateDeal: (id, fields) => ask({ type: "update", id, fields }),
    setEvents: (url, applicationToken) => ask({ type: "events", url, applicationToken }),
    pipelineIds: () => ask({ type: "pipeline" }),
    stats: () => ask({ type: "stats" }),
    close: async () => {
      child.kill();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

if (process.send && process.argv[2]?.startsWith("{")) {
  const { deals, ...options } = JSON.parse(process.argv[2]) as FakeBitrix24Options & { deals: number };
  const fake = await startFakeBitrix24(options);
  seedFakePortal(fake, { deals, fieldMap: DEFAULT_FIELD_MAP });
  process.on("message", (message: { id: number; request: Request }) => {
    const { id, request } = message;
    let value: unknown = null;
    if (request.type === "update") fake.updateDeal(request.id, request.fields);
    if (request.type === "events")
      fake.options.events = { url: request.url, applicationToken: request.applicationToken };
    if (request.type === "pipeline")
      value = [...fake.deals.values()]
        .filter((deal) => deal.CATEGORY_ID === String(DEFAULT_FIELD_MAP.categoryId))
        .map((deal) => Number(deal.ID));
    if (request.type === "stats") value = { requests: fake.stats.requests, rejected: fake.stats.rejected };
    process.send!({ reply: id, value });
  });
  process.send({ ready: fake.webhookUrl });
}
