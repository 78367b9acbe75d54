// The daily jobs every brigade gets, kept as ordinary tasks so they share the dispatcher's exactly-once
// delivery, the late window and the delivery log: the morning digest and the планёрка reminder.
import type { ServiceContext } from "../../lib/context.ts";
import { dayOfInstant } from "../../lib/dates.ts";
import { nextCronRun } from "./task-time.ts";

export const PLANERKA_TEXT = "Напоминаю: сегодня планёрка. Не опаздывайте!";

function plural(count: number, one: string, few: string, many: string): string {
  const tens = count % 100;
  const units = count % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

/** "Сегодня у 3 бригады 7 домов: Билибина 6, …" for the day `runAt` falls on in APP_TIMEZONE. */
export async function composeBrigadeDigest(ctx: ServiceContext, brigadeId: number, runAt: Date): Promise<string> {
  const day = dayOfInstant(runAt, ctx.config.timeZone);
  const [brigade] = await ctx.db.query<{ number: number | null; name: string }>(
    `SELECT number, name FROM brigades WHERE id = $1`,
    [brigadeId],
  );
  const whose =
    brigade?.number !== null && brigade?.number !== undefined
      ? `у ${brigade.number} бригады`
      : `у бригады «${brigade?.name ?? brigadeId}»`;
  const houses = await ctx.db.query<{ address: string }>(
    `SELECT DISTINCT h.address FROM cleaning_visits v JOIN houses h ON h.id = v.house_id
      WHERE v.date = $1::date AND h.brigade_id = $2 AND NOT h.is_archived
      ORDER BY h.address`,
    [day, brigadeId],
  );
  if (houses.length === 0) return `Сегодня ${whose} уборок по плану нет.`;
  return `Сегодня ${whose} ${houses.length} ${plural(houses.length, "дом", "дома", "домов")}: ${houses.map((h) => h.address).join("; ")}`;
}

interface BuiltinSpec {
  key: string;
  kind: "message" | "brigade_digest";
  text: string;
  brigadeId: number;
  cron: string | null;
}

/**
 * Makes sure each brigade has its digest and планёрка tasks with the configured schedule. Safe on many instances
 * at once (the builtin key is unique); a built-in task a manager cancelled stays cancelled.
 */
export async function ensureBuiltinTasks(ctx: ServiceContext): Promise<{ created: number; updated: number }> {
  const now = ctx.clock.now();
  const { digestTime, planerkaCron } = ctx.config.tasks;
  const digestCron = digestTime
    ? `${Number(digestTime.split(":")[1])} ${Number(digestTime.split(":")[0])} * * *`
    : null;
  const brigades = await ctx.db.query<{ id: number }>(`SELECT id FROM brigades ORDER BY id`);
  const specs: BuiltinSpec[] = brigades.flatMap((b) => [
    {
      key: `digest:brigade:${b.id}`,
      kind: "brigade_digest" as const,
      text: "Утренняя сводка бригады",
      brigadeId: b.id,
      cron: digestCron,
    },
    {
      key: `planerka:brigade:${b.id}`,
      kind: "message" as const,
      text: PLANERKA_TEXT,
      brigadeId: b.id,
      cron: planerkaCron,
    },
  ]);
  let created = 0;
  let updated = 0;
  for (const spec of specs) {
    if (spec.cron) {
      const next = nextCronRun(spec.cron, now, ctx.config.timeZone);
      const inserted = await ctx.db.query(
        `INSERT INTO tasks (kind, text, target_brigade_id, next_run_at, cron, builtin_key, updated_at)
         VALUES ($1::"TaskKind", $2, $3, $4, $5, $6, $7) ON CONFLICT (builtin_key) DO NOTHING RETURNING id`,
        [spec.kind, spec.text, spec.brigadeId, next, spec.cron, spec.key, now],
      );
      created += inserted.length;
      // A changed setting moves the schedule; an unleased row only, so a running delivery is not disturbed.
      const changed = await ctx.db.query(
        `UPDATE tasks SET cron = $2, next_run_at = $3, updated_at = $4
          WHERE builtin_key = $1 AND status = 'scheduled' AND cron IS DISTINCT FROM $2 AND lease_owner IS NULL RETURNING id`,
        [spec.key, spec.cron, next, now],
      );
      updated += changed.length;
    } else {
      const cancelled = await ctx.db.query(
        `UPDATE tasks SET status = 'cancelled', updated_at = $2 WHERE builtin_key = $1 AND status = 'scheduled' RETURNING id`,
        [spec.key, now],
      );
      updated += cancelled.length;
    }
  }
  return { created, updated };
}
