// Prometheus metrics (prom-client) on the process's default registry: HTTP latency by route, bot updates by type
// and outcome, job runs, Bitrix24 calls and errors, and queue depths read from the database at scrape time.
// Served at /metrics with `Authorization: Bearer METRICS_TOKEN`; without the setting there is no /metrics at all.
import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import client from "prom-client";
import type { Database } from "../../../prisma/client.ts";

const registry = client.register;
let isDefaultsCollected = false;

export const httpDuration = new client.Histogram({
  name: "http_request_duration_seconds",
  help: "HTTP request latency by method, route pattern and status",
  labelNames: ["method", "route", "status"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
export const botUpdates = new client.Counter({
  name: "bot_updates_total",
  help: "Telegram updates handled by the bot, by update type and outcome (ok, error)",
  labelNames: ["type", "outcome"],
});
export const jobRuns = new client.Counter({
  name: "job_runs_total",
  help: "Background job runs by job and outcome",
  labelNames: ["job", "outcome"],
});
export const crmCalls = new client.Counter({
  name: "crm_calls_total",
  help: "Bitrix24 REST calls by method and outcome",
  labelNames: ["method", "outcome"],
});

/** Queue depths come from the database when Prometheus scrapes (the tables are the queues; any instance can answer). */
const queueDepth = new client.Gauge({ name: "queue_depth", help: "Items waiting per queue", labelNames: ["queue"] });
let queueSource: Database | undefined;

const QUEUES_SQL = `SELECT
  (SELECT count(*)::int FROM tasks WHERE status = 'scheduled') AS reminders,
  (SELECT count(*)::int FROM crm_outbox WHERE delivered_at IS NULL) AS crm_outbox,
  (SELECT count(*)::int FROM visit_report_posts WHERE status IN ('pending', 'sending')) AS report_posts`;

async function collectQueues(): Promise<void> {
  if (!queueSource) return;
  try {
    const [row] = await queueSource.query<Record<string, number>>(QUEUES_SQL);
    for (const [queue, depth] of Object.entries(row ?? {})) queueDepth.set({ queue }, depth);
  } catch {
    // A scrape during start-up or shutdown: the last values stay.
  }
}

/** Express middleware timing every request under its route pattern (never the raw URL: ids would explode labels). */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on("finish", () => {
      const pattern = req.route?.path
        ? `${req.baseUrl}${req.route.path === "/" ? "" : req.route.path}`
        : req.path.startsWith("/api")
          ? "unmatched"
          : "static";
      end({ method: req.method, route: pattern, status: String(res.statusCode) });
    });
    next();
  };
}

/** GET /metrics: 404 without METRICS_TOKEN (off), 401 without the right bearer token. */
export function metricsEndpoint(options: { token?: string; db: Database }): RequestHandler {
  queueSource = options.db;
  if (!isDefaultsCollected) {
    client.collectDefaultMetrics({ register: registry });
    isDefaultsCollected = true;
  }
  const expected = Buffer.from(`Bearer ${options.token ?? ""}`);
  return async (req, res) => {
    if (!options.token)
      return void res
        .status(404)
        .json({ error: { code: "not_found", message: "Метрики выключены (METRICS_TOKEN не задан)" } });
    const given = Buffer.from(req.get("authorization") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return void res.status(401).json({ error: { code: "unauthorized", message: "Нужен токен метрик" } });
    }
    await collectQueues();
    res.setHeader("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  };
}
