import path from "node:path";
import Bree from "bree";
import type { Logger } from "../lib/logger.ts";
import { jobRuns } from "../lib/metrics.ts";

export interface JobSchedule {
  /** Milliseconds between runs, or a bree/later string such as "10s". */
  interval?: number | string;
  /** Cron expression in the company time zone. */
  cron?: string;
  /** Run once at start too. */
  isRunOnStart?: boolean;
}

export interface Scheduler {
  /** Adds a job; `run` executes in the main thread, never twice at once. */
  register(name: string, schedule: JobSchedule, run: () => Promise<void>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs a job now (tests, manual triggers), waiting for it. */
  runNow(name: string): Promise<void>;
}

const TICK_WORKER = path.join(import.meta.dirname, "tick-worker.js");

/**
 * bree schedules (intervals, cron in APP_TIMEZONE); the work itself runs in-process (see tick-worker.js).
 * A run still in progress when the next tick arrives is not started again.
 */
export function createScheduler(options: { logger: Logger; timeZone: string }): Scheduler {
  const jobs = new Map<string, { run: () => Promise<void>; running?: Promise<void> }>();
  const definitions: Bree.JobOptions[] = [];
  let bree: Bree | undefined;

  const execute = async (name: string) => {
    const job = jobs.get(name);
    if (!job) return;
    if (job.running) return job.running;
    job.running = job
      .run()
      .then(() => void jobRuns.inc({ job: name, outcome: "ok" }))
      .catch((error: unknown) => {
        jobRuns.inc({ job: name, outcome: "error" });
        options.logger.error({ err: error, job: name }, "job failed");
      })
      .finally(() => {
        job.running = undefined;
      });
    return job.running;
  };

  return {
    register(name, schedule, run) {
      jobs.set(name, { run });
      definitions.push({
        name,
        path: TICK_WORKER,
        interval: schedule.interval,
        cron: schedule.cron,
        timeout: schedule.isRunOnStart ? 0 : undefined,
      } as Bree.JobOptions);
    },
    async start() {
      if (definitions.length === 0) return;
      bree = new Bree({
        root: false,
        jobs: definitions,
        timezone: options.timeZone,
        logger: false,
        doRootCheck: false,
        workerMessageHandler: ({ name }: { name: string }) => {
          void execute(name);
        },
        errorHandler: (error: unknown, meta: unknown) => options.logger.error({ err: error, meta }, "scheduler error"),
      } as unknown as Bree.BreeOptions);
      await bree.start();
    },
    async stop() {
      await bree?.stop();
      await Promise.all([...jobs.values()].map((job) => job.running));
    },
    runNow: (name) => execute(name),
  };
}
