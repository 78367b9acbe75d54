// Reads large lists with as few HTTP requests as the portal allows. Each request is one `batch` of up to 50
// commands; list pages are chained inside it by Bitrix24's fast paging (`order ID ASC`, `>ID` of the previous
// page's last record through `$result[...]`, `start=-1`), and one-off commands (metadata, records by id) ride
// in the same request. The first page of a chain is counted (`start=0`) so later requests ask for exactly the
// pages that remain instead of overshooting.
import {
  BitrixError,
  buildCommand,
  MAX_BATCH_COMMANDS,
  PAGE_SIZE,
  resultRef,
  type BitrixClient,
} from "./bitrix-client.ts";

export type CrmRecord = Record<string, unknown>;

export interface ListChain {
  /** Short unique name; command keys are derived from it. */
  name: string;
  method: string;
  filter: Record<string, unknown>;
  select: string[];
  /** Start after this ID (0 = from the beginning). */
  afterId: number;
  /** Pages to ask for while the total is still unknown. */
  firstPages: number;
  /** Called with every page in ID order; a short page ends the chain. */
  onPage(records: CrmRecord[]): void | Promise<void>;
}

export interface OneShot {
  key: string;
  command: string;
  onResult(result: unknown, total: number | undefined): void | Promise<void>;
}

interface ChainState extends ListChain {
  total?: number;
  read: number;
  lastId: number;
  isDone: boolean;
  started: boolean;
  seq: number;
}

export interface BatchReaderOptions {
  chains: ListChain[];
  oneShots?: OneShot[];
  /** After each request: return more one-off commands (e.g. records the new pages refer to). */
  afterBatch?: () => Promise<OneShot[]> | OneShot[];
  /** The portal clock of the first request (unix seconds), for watermarks. */
  onPortalTime?: (startedAt: number) => void;
}

/** Runs chains and one-off commands to completion; any per-command error stops the read and is thrown. */
export async function readInBatches(client: BitrixClient, options: BatchReaderOptions): Promise<void> {
  const chains: ChainState[] = options.chains.map((chain) => ({
    ...chain,
    read: 0,
    lastId: chain.afterId,
    isDone: false,
    started: false,
    seq: 0,
  }));
  let pending: OneShot[] = [...(options.oneShots ?? [])];
  let isFirst = true;

  while (pending.length > 0 || chains.some((chain) => !chain.isDone)) {
    const commands: Record<string, string> = {};
    const shots = pending.slice(0, MAX_BATCH_COMMANDS);
    pending = pending.slice(shots.length);
    for (const shot of shots) commands[shot.key] = shot.command;

    const planned = new Map<ChainState, string[]>();
    let slots = MAX_BATCH_COMMANDS - shots.length;
    for (const chain of chains) {
      if (chain.isDone || slots === 0) continue;
      const wanted =
        chain.total === undefined ? chain.firstPages : Math.max(1, Math.ceil((chain.total - chain.read) / PAGE_SIZE));
      const pages = Math.min(wanted, slots);
      slots -= pages;
      const keys: string[] = [];
      for (let i = 0; i < pages; i += 1) {
        const key = `${chain.name}${chain.seq++}`;
        const previous = keys.at(-1);
        const isCounted = !chain.started && i === 0;
        commands[key] = buildCommand(chain.method, {
          filter: { ...chain.filter, ">ID": previous ? resultRef(previous, PAGE_SIZE - 1, "ID") : chain.lastId },
          select: chain.select,
          order: { ID: "ASC" },
          start: isCounted ? 0 : -1,
        });
        keys.push(key);
      }
      chain.started = true;
      planned.set(chain, keys);
    }

    const response = await client.batch(commands);
    if (isFirst && response.startedAt !== undefined) options.onPortalTime?.(response.startedAt);
    isFirst = false;

    for (const shot of shots) {
      const error = response.errors[shot.key];
      if (error) throw commandError(shot.key, error);
      await shot.onResult(response.result[shot.key], response.total[shot.key]);
    }
    for (const [chain, keys] of planned) {
      for (const key of keys) {
        const error = response.errors[key];
        if (error) throw commandError(key, error);
        const records = response.result[key];
        if (!Array.isArray(records)) throw new BitrixError("BAD_RESPONSE", `${key}: a list page is not an array`);
        if (response.total[key] !== undefined) chain.total = response.total[key]! + chain.read;
        chain.read += records.length;
        const last = records.at(-1) as CrmRecord | undefined;
        if (last) chain.lastId = Number(last.ID);
        await chain.onPage(records as CrmRecord[]);
        // Later pages of a chain that ended referenced a missing row and repeat the list from its start: ignore them.
        if (records.length < PAGE_SIZE || (chain.total !== undefined && chain.read >= chain.total)) {
          chain.isDone = true;
          break;
        }
      }
    }
    pending.push(...((await options.afterBatch?.()) ?? []));
  }
}

function commandError(key: string, error: BitrixError): BitrixError {
  return new BitrixError(error.code, `command ${key}: ${error.message}`, { cause: error });
}

/** Commands that fetch records by id, 50 ids a command (a list page holds 50). */
export function byIdCommands(
  prefix: string,
  method: string,
  ids: number[],
  select: string[],
  filterKey = "filter",
): { key: string; command: string; ids: number[] }[] {
  const out: { key: string; command: string; ids: number[] }[] = [];
  for (let i = 0; i < ids.length; i += PAGE_SIZE) {
    const chunk = ids.slice(i, i + PAGE_SIZE);
    const params: Record<string, unknown> = { [filterKey]: { ID: chunk } };
    if (method !== "user.get") Object.assign(params, { select, start: -1 });
    out.push({ key: `${prefix}${i / PAGE_SIZE}`, command: buildCommand(method, params), ids: chunk });
  }
  return out;
}
