/**
 * The product's one clock. Use cases, the bot and jobs take "now" from `ctx.clock`, never from `new Date()`, so a
 * test can pin the day (and the business day in APP_TIMEZONE) and the suite passes on any date.
 */
export interface Clock {
  now(): Date;
}

/** Production: the machine's time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at `at` until moved; for tests and for scripts that replay a given day. */
export interface FixedClock extends Clock {
  set(at: Date | string): void;
  advance(milliseconds: number): void;
}

export function fixedClock(at: Date | string): FixedClock {
  let current = new Date(at).getTime();
  if (Number.isNaN(current)) throw new Error(`fixedClock: invalid time ${String(at)}`);
  return {
    now: () => new Date(current),
    set: (next) => {
      const time = new Date(next).getTime();
      if (Number.isNaN(time)) throw new Error(`fixedClock: invalid time ${String(next)}`);
      current = time;
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}
