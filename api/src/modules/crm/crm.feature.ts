import type { Feature, FeatureDeps } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createBitrixClient, type BitrixClient } from "./bitrix-client.ts";
import { createCrmEventsRouter, createEventIntake, CRM_EVENTS_MOUNT, type EventIntake } from "./crm-events.ts";
import { deliverOutbox, onOutboxEnqueued, type DeliverOptions } from "./crm-outbox.ts";
import { createCrmRouter } from "./crm.router.ts";
import { crmHealth } from "./crm-status.ts";
import { createCrmSync, type CrmSync } from "./crm-sync.ts";
import { loadFieldMap } from "./field-map.ts";

export interface CrmFeature extends Feature {
  sync?: CrmSync;
  intake?: EventIntake;
}

const noIntake: EventIntake = {
  accept: () => "ignored",
  noteOwnWrite: () => undefined,
  idle: async () => undefined,
  stop: async () => undefined,
};

/**
 * The Bitrix24 mirror: incremental sync on a bree interval (a full one first), the outbound-event endpoint, the
 * outbox delivery of visit write-backs, /api/crm/sync/status and the `crm` health component. Without
 * BITRIX24_WEBHOOK_URL only the status and the health check remain, and both say the CRM is off.
 */
export function createCrmFeature(
  deps: FeatureDeps,
  overrides: { client?: BitrixClient; debounceMs?: number; outbox?: DeliverOptions; outboxIntervalMs?: number } = {},
): CrmFeature {
  const { ctx, scheduler } = deps;
  const { bitrix } = ctx.config;
  // The app's registry puts these routes into /openapi.json; a feature built alone in a test documents into its own.
  const registry = deps.registry ?? new OpenAPIRegistry();
  const base = {
    name: "crm",
    healthChecks: { crm: () => crmHealth(ctx) },
    apiRouters: [{ mount: "/crm", router: createCrmRouter(ctx, registry) }],
  };
  if (!bitrix.webhookUrl) {
    return {
      ...base,
      publicRoutes: [{ path: CRM_EVENTS_MOUNT, handler: createCrmEventsRouter({ intake: noIntake, registry }) }],
    };
  }
  const client =
    overrides.client ?? createBitrixClient({ webhookUrl: bitrix.webhookUrl, rate: bitrix.rate, burst: bitrix.burst });
  const sync = createCrmSync({ ctx, client, fieldMap: loadFieldMap(bitrix.fieldMapPath) });
  const intake = createEventIntake({ ctx, sync, debounceMs: overrides.debounceMs });
  if (!bitrix.appToken)
    ctx.logger.warn(
      "BITRIX24_APP_TOKEN is not set: outbound events from Bitrix24 are refused, only the scheduled sync runs",
    );

  scheduler.register("crm-sync", { interval: bitrix.syncIntervalSeconds * 1000, isRunOnStart: true }, async () => {
    await sync.runIncrementalSync();
  });
  // Contacts, companies and field-map changes do not touch a deal's DATE_MODIFY: re-read everything nightly.
  scheduler.register("crm-full-sync", { cron: "30 3 * * *" }, async () => {
    await sync.runFullSync();
  });
  scheduler.register("crm-outbox", { interval: overrides.outboxIntervalMs ?? 15_000, isRunOnStart: true }, async () => {
    await deliverOutbox(ctx, client, { onWritten: (dealId) => intake.noteOwnWrite(dealId), ...overrides.outbox });
  });
  let unsubscribe: (() => void) | undefined;

  return {
    ...base,
    sync,
    intake,
    publicRoutes: [
      { path: CRM_EVENTS_MOUNT, handler: createCrmEventsRouter({ appToken: bitrix.appToken, intake, registry }) },
    ],
    async start() {
      unsubscribe = onOutboxEnqueued(() => void scheduler.runNow("crm-outbox"));
    },
    async stop() {
      unsubscribe?.();
      await intake.stop();
    },
  };
}

export const crmFeature = (deps: FeatureDeps) => createCrmFeature(deps);
