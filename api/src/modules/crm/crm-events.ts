// Outbound event webhooks from Bitrix24 (ONCRMDEALADD/UPDATE/DELETE). Only the deal id arrives, so events are
// collected for a short debounce window and the named deals are re-read in one batch. The portal does not retry
// a failed delivery: the scheduled incremental sync is the safety net.
import { timingSafeEqual } from "node:crypto";
import express, { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { defineRoute } from "../../lib/http.ts";
import { z, type OpenAPIRegistry } from "../../lib/openapi.ts";
import { idSchema } from "../../lib/schemas.ts";
import type { CrmSync } from "./crm-sync.ts";

export const DEAL_EVENTS = ["ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE"] as const;

export interface EventIntake {
  /** Queues a deal for re-reading after the debounce window. */
  accept(event: string, dealId: number): "queued" | "ignored";
  /** Our own write to this deal: its update echo is not a change worth a re-read. */
  noteOwnWrite(dealId: number): void;
  /** Resolves when nothing is queued or being re-read (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createEventIntake(deps: {
  ctx: ServiceContext;
  sync: CrmSync;
  debounceMs?: number;
  echoWindowMs?: number;
  now?: () => number;
}): EventIntake {
  const debounceMs = deps.debounceMs ?? 300;
  const echoWindowMs = deps.echoWindowMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const queued = new Set<number>();
  const ownWrites = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;

  const flush = () => {
    timer = undefined;
    const ids = [...queued];
    queued.clear();
    if (ids.length === 0) return;
    running = running.then(async () => {
      try {
        await deps.sync.syncDeals(ids);
      } catch (error) {
        deps.ctx.logger.warn(
          { err: error, deals: ids.length },
          "crm event re-read failed; the incremental sync will catch up",
        );
      }
    });
  };

  return {
    accept(event, dealId) {
      if (isStopped || !DEAL_EVENTS.includes(event as (typeof DEAL_EVENTS)[number])) return "ignored";
      const echoUntil = ownWrites.get(dealId);
      if (event === "ONCRMDEALUPDATE" && echoUntil !== undefined && echoUntil > now()) return "ignored";
      queued.add(dealId);
      // Bursts (a mass edit in the CRM) become one re-read: the timer is not pushed back by later events.
      timer ??= setTimeout(flush, debounceMs);
      return "queued";
    },
    noteOwnWrite(dealId) {
      ownWrites.set(dealId, now() + echoWindowMs);
      for (const [id, until] of ownWrites) if (until <= now()) ownWrites.delete(id);
    },
    async idle() {
      while (timer || queued.size) {
        if (timer) {
          clearTimeout(timer);
          flush();
        }
        await running;
      }
      await running;
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      queued.clear();
      await running;
    },
  };
}

const eventBody = z
  .object({
    event: z.string().transform((value) => value.toUpperCase()),
    data: z.object({ FIELDS: z.object({ ID: idSchema("data[FIELDS][ID]") }) }),
    ts: z.string().optional(),
    auth: z.looseObject({ application_token: z.string().optional(), domain: z.string().optional() }).optional(),
  })
  .openapi("BitrixEvent");

const eventResponse = z.object({ status: z.enum(["queued", "ignored"]) });

function isSameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where the events router is mounted (before /api auth); the endpoint is POST /api/crm/bitrix/events. */
export const CRM_EVENTS_MOUNT = "/api/crm/bitrix";

/** POST /api/crm/bitrix/events: form-encoded, authenticated by auth[application_token], not by Telegram. */
export function createCrmEventsRouter(deps: {
  appToken?: string;
  intake: EventIntake;
  registry: OpenAPIRegistry;
}): Router {
  const router = Router();
  router.use("/events", express.urlencoded({ extended: true, limit: "64kb" }), express.json({ limit: "64kb" }));
  defineRoute(
    router,
    deps.registry,
    {
      method: "post",
      path: "/events",
      mount: CRM_EVENTS_MOUNT,
      tags: ["crm"],
      summary: "Исходящий вебхук Bitrix24 (события сделок), проверяется auth[application_token]",
      body: eventBody,
      bodyContentType: "application/x-www-form-urlencoded",
      response: eventResponse,
      isAuthRequired: false,
    },
    ({ body }) => {
      if (!deps.appToken) {
        throw new AppError("crm_events_off", {
          status: 503,
          userMessage: "Приём событий Bitrix24 не настроен (BITRIX24_APP_TOKEN)",
        });
      }
      if (!isSameSecret(body.auth?.application_token, deps.appToken)) {
        throw new AppError("invalid_application_token", { status: 401, userMessage: "Неверный application_token" });
      }
      return { status: deps.intake.accept(body.event, body.data.FIELDS.ID) };
    },
  );
  return router;
}
