// The use cases of the CRM mirror: a full sync (resumable page by page), an incremental sync by the DATE_MODIFY
// watermark plus an ID sweep that catches deletions and moves out of the pipeline, and a re-read of a few deals
// named by outbound events. All three run one at a time per process.
import type { ServiceContext } from "../../lib/context.ts";
import { buildCommand, PAGE_SIZE, type BitrixClient } from "./bitrix-client.ts";
import { readInBatches, type CrmRecord, type OneShot } from "./batch-reader.ts";
import { archiveAllExcept, archiveDeals, getMeta, liveDealIds, setMeta, upsertStages } from "./crm-store.ts";
import { crmDealFieldsSchema, crmStageSchema, listItemTexts } from "./deal-mapping.ts";
import { DealWriter } from "./deal-writer.ts";
import { dealSelect, type FieldMap } from "./field-map.ts";
import { finishRun, startRun, type SyncKind, type SyncRunResult } from "./sync-runs.ts";

export const WATERMARK_KEY = "crm.watermark";
export const CURSOR_KEY = "crm.full_sync_cursor";
// Any fixed number: instances sharing a database take turns, so two never write the same pages at once.
const SYNC_LOCK_ID = 72_707_324;
/** DATE_MODIFY has whole seconds and the portal clock is not ours: re-read a few seconds twice. */
const WATERMARK_OVERLAP_SECONDS = 5;

interface Cursor {
  afterId: number;
  watermark: string | null;
}

export interface CrmSync {
  /** Mirrors the whole pipeline; resumes an interrupted full sync where it stopped. */
  runFullSync(): Promise<SyncRunResult>;
  /** Picks up changes since the last run; runs (or resumes) a full sync when there is no watermark yet. */
  runIncrementalSync(): Promise<SyncRunResult>;
  /** Re-reads the named deals (outbound events): updates, archives the deleted and the moved. */
  syncDeals(ids: number[]): Promise<SyncRunResult>;
}

/** Bitrix24 accepts ISO 8601 with an offset in date filters. */
const portalFilterTime = (unixSeconds: number) =>
  new Date(Math.floor(unixSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "+00:00");

export function createCrmSync(deps: {
  ctx: ServiceContext;
  client: BitrixClient;
  fieldMap: FieldMap;
  dealsPerWrite?: number;
}): CrmSync {
  const { ctx, client, fieldMap: map } = deps;
  const { db } = ctx;
  const stageEntity = map.categoryId === 0 ? "DEAL_STAGE" : `DEAL_STAGE_${map.categoryId}`;
  let queue: Promise<unknown> = Promise.resolve();

  /** Field list items and stages ride in the first request of every run: they cost no extra call. */
  function metadataShots(writer: DealWriter): OneShot[] {
    return [
      {
        key: "fields",
        command: "crm.deal.fields",
        onResult: (result) => {
          writer.texts = listItemTexts(crmDealFieldsSchema.parse(result));
        },
      },
      {
        key: "stages",
        command: buildCommand("crm.status.list", { filter: { ENTITY_ID: stageEntity }, order: { SORT: "ASC" } }),
        onResult: async (result) => {
          const stages = crmStageSchema.array().parse(result);
          await upsertStages(db, stages);
          writer.knownStages = new Set(stages.map((stage) => stage.STATUS_ID));
        },
      },
    ];
  }

  /** After each request: ask for what the new pages refer to, and write the ready pages meanwhile. */
  const flushAndRefer = (writer: DealWriter) => () => {
    const references = writer.referenceCommands();
    writer.startFlush(deps.dealsPerWrite);
    return references;
  };

  const isOurs = (record: CrmRecord) => Number(record.CATEGORY_ID) === map.categoryId;

  async function fullSync(): Promise<Omit<SyncRunResult, "httpCalls" | "durationMs" | "kind">> {
    const cursor = await getMeta<Cursor>(db, CURSOR_KEY);
    const isResumed = cursor !== null;
    const writer = new DealWriter(ctx, map);
    const seen: number[] = [];
    const swept: number[] = [];
    let watermark = cursor?.watermark ?? null;
    const chains = [
      {
        name: "d",
        method: "crm.deal.list",
        filter: { CATEGORY_ID: map.categoryId },
        select: dealSelect(map),
        afterId: cursor?.afterId ?? 0,
        firstPages: isResumed ? 24 : 48,
        onPage: (records: CrmRecord[]) => {
          if (records.length === 0) return;
          seen.push(...records.map((record) => Number(record.ID)));
          writer.addPage(records, {
            key: CURSOR_KEY,
            value: { afterId: Number(records.at(-1)!.ID), watermark } satisfies Cursor,
          });
        },
      },
    ];
    // A resumed run did not see the first part of the pipeline: read its ids (cheaply) to know what still exists.
    if (isResumed) {
      chains.push({
        name: "s",
        method: "crm.deal.list",
        filter: { CATEGORY_ID: map.categoryId },
        select: ["ID"],
        afterId: 0,
        firstPages: 24,
        onPage: (records) => void swept.push(...records.map((r) => Number(r.ID))),
      });
    }
    await readInBatches(client, {
      chains,
      oneShots: metadataShots(writer),
      afterBatch: flushAndRefer(writer),
      onPortalTime: (startedAt) => {
        watermark ??= portalFilterTime(startedAt - WATERMARK_OVERLAP_SECONDS);
      },
    });
    await writer.drain(deps.dealsPerWrite);
    const archived = await archiveAllExcept(db, isResumed ? swept : seen);
    await setMeta(db, WATERMARK_KEY, { at: watermark });
    await setMeta(db, CURSOR_KEY, null);
    return { dealsSeen: writer.stats.seen, dealsChanged: writer.stats.changed, dealsArchived: archived };
  }

  async function dealsById(ids: number[]): Promise<Omit<SyncRunResult, "httpCalls" | "durationMs" | "kind">> {
    const writer = new DealWriter(ctx, map);
    const gone = new Set(ids);
    const shots = metadataShots(writer);
    for (let i = 0; i < ids.length; i += PAGE_SIZE) {
      const chunk = ids.slice(i, i + PAGE_SIZE);
      shots.push({
        key: `ids${i / PAGE_SIZE}`,
        command: buildCommand("crm.deal.list", { filter: { ID: chunk }, select: dealSelect(map), start: -1 }),
        onResult: (result) => {
          const records = (Array.isArray(result) ? result : []) as CrmRecord[];
          const ours = records.filter(isOurs);
          for (const record of ours) gone.delete(Number(record.ID));
          if (ours.length > 0) writer.addPage(ours);
        },
      });
    }
    await readInBatches(client, { chains: [], oneShots: shots, afterBatch: flushAndRefer(writer) });
    await writer.drain(deps.dealsPerWrite);
    const archived = await archiveDeals(db, [...gone]);
    return { dealsSeen: writer.stats.seen, dealsChanged: writer.stats.changed, dealsArchived: archived };
  }

  async function incrementalSync(): Promise<Omit<SyncRunResult, "httpCalls" | "durationMs"> & { kind: SyncKind }> {
    const watermark = await getMeta<{ at: string }>(db, WATERMARK_KEY);
    if (!watermark || (await getMeta<Cursor>(db, CURSOR_KEY))) return { ...(await fullSync()), kind: "full" };
    const writer = new DealWriter(ctx, map);
    const swept: number[] = [];
    const changedIds = new Set<number>();
    let next: string | null = null;
    await readInBatches(client, {
      chains: [
        {
          name: "c",
          method: "crm.deal.list",
          filter: { CATEGORY_ID: map.categoryId, ">=DATE_MODIFY": watermark.at },
          select: dealSelect(map),
          afterId: 0,
          firstPages: 2,
          onPage: (records) => {
            for (const record of records) changedIds.add(Number(record.ID));
            if (records.length > 0) writer.addPage(records);
          },
        },
        // Deletions and moves to another pipeline leave no DATE_MODIFY behind: the list of ids shows them.
        {
          name: "s",
          method: "crm.deal.list",
          filter: { CATEGORY_ID: map.categoryId },
          select: ["ID"],
          afterId: 0,
          firstPages: 20,
          onPage: (records) => void swept.push(...records.map((r) => Number(r.ID))),
        },
      ],
      oneShots: metadataShots(writer),
      afterBatch: flushAndRefer(writer),
      onPortalTime: (startedAt) => {
        next = portalFilterTime(startedAt - WATERMARK_OVERLAP_SECONDS);
      },
    });
    await writer.drain(deps.dealsPerWrite);
    let archived = await archiveAllExcept(db, swept);
    // Deals in the pipeline we do not hold (an earlier run failed before writing them): fetch them now.
    const held = await liveDealIds(db);
    const missing = swept.filter((id) => !held.has(id) && !changedIds.has(id));
    let seen = writer.stats.seen;
    let changed = writer.stats.changed;
    if (missing.length > 0) {
      const extra = await dealsById(missing);
      seen += extra.dealsSeen;
      changed += extra.dealsChanged;
      archived += extra.dealsArchived;
    }
    await setMeta(db, WATERMARK_KEY, { at: next ?? watermark.at });
    return { kind: "incremental", dealsSeen: seen, dealsChanged: changed, dealsArchived: archived };
  }

  /**
   * Serialises runs (in this process, and across instances through an advisory lock) and records each in
   * crm_sync_runs. A scheduled run finding another instance at work skips its turn; an event re-read waits.
   */
  function recorded(
    kind: SyncKind,
    work: () => Promise<Omit<SyncRunResult, "httpCalls" | "durationMs" | "kind"> & { kind?: SyncKind }>,
  ): Promise<SyncRunResult> {
    const run = queue.then(() =>
      db.withSession(async (session) => {
        if (kind === "events") await session.query(`SELECT pg_advisory_lock($1)`, [SYNC_LOCK_ID]);
        else {
          const [lock] = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [SYNC_LOCK_ID]);
          if (!lock?.ok) {
            ctx.logger.info({ kind }, "crm sync skipped: another instance is syncing");
            return {
              kind,
              httpCalls: 0,
              durationMs: 0,
              dealsSeen: 0,
              dealsChanged: 0,
              dealsArchived: 0,
              isSkipped: true,
            };
          }
        }
        try {
          return await execute(kind, work);
        } finally {
          await session.query(`SELECT pg_advisory_unlock($1)`, [SYNC_LOCK_ID]);
        }
      }),
    );
    queue = run.catch(() => undefined);
    return run;
  }

  async function execute(
    kind: SyncKind,
    work: () => Promise<Omit<SyncRunResult, "httpCalls" | "durationMs" | "kind"> & { kind?: SyncKind }>,
  ): Promise<SyncRunResult> {
    const started = Date.now();
    const callsBefore = client.stats.calls;
    const runId = await startRun(db, kind);
    try {
      const result = await work();
      const summary: SyncRunResult = {
        ...result,
        kind: result.kind ?? kind,
        httpCalls: client.stats.calls - callsBefore,
        durationMs: Date.now() - started,
      };
      await finishRun(db, runId, summary);
      ctx.logger.info(summary, "crm sync finished");
      return summary;
    } catch (error) {
      await finishRun(
        db,
        runId,
        {
          kind,
          httpCalls: client.stats.calls - callsBefore,
          durationMs: Date.now() - started,
          dealsSeen: 0,
          dealsChanged: 0,
          dealsArchived: 0,
        },
        error as Error,
      );
      ctx.logger.error({ err: error, kind }, "crm sync failed");
      throw error;
    }
  }

  return {
    runFullSync: () => recorded("full", fullSync),
    runIncrementalSync: () => recorded("incremental", incrementalSync),
    syncDeals: (ids) => recorded("events", () => dealsById([...new Set(ids)])),
  };
}
