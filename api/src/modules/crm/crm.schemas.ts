import { z } from "../../lib/openapi.ts";

export const syncRunSchema = z.object({
  kind: z.enum(["full", "incremental", "events"]),
  status: z.enum(["running", "ok", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  httpCalls: z.number(),
  dealsSeen: z.number(),
  dealsChanged: z.number(),
  dealsArchived: z.number(),
  error: z.string().nullable(),
});

export const syncStatusResponse = z
  .object({
    isEnabled: z.boolean(),
    /** A human sentence in Russian, the same as /api/health shows. */
    summary: z.string(),
    lastFull: syncRunSchema.nullable(),
    lastIncremental: syncRunSchema.nullable(),
    lastEvents: syncRunSchema.nullable(),
    watermark: z.string().nullable(),
    isFullSyncInterrupted: z.boolean(),
    outbox: z.object({ pending: z.number(), failing: z.number(), oldestPendingAt: z.string().nullable() }),
  })
  .openapi("CrmSyncStatus");

export type SyncStatus = z.infer<typeof syncStatusResponse>;
