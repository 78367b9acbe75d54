// A client-side copy of the portal's leaky bucket. Written by hand: the common limiter libraries model a token
// bucket refilled per interval, while Bitrix24 counts every HTTP request into a bucket that drains at a fixed rate
// and rejects at a fixed depth; mirroring that exactly lets us burst when the bucket is empty and never hit 503.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LeakyBucketOptions {
  /** Requests per second the bucket drains (Bitrix24 cloud: 2). */
  rate: number;
  /** Requests that may queue before we wait (the portal blocks at 50; other integrations share it). */
  burst: number;
  clock?: Clock;
}

export interface RateLimiter {
  /** Waits until one more request fits into the bucket, then counts it. */
  acquire(): Promise<void>;
  /** The portal said the bucket is full: assume it is, so the next requests wait for it to drain. */
  markFull(): void;
}

/** A leaky bucket shared by every request to one portal. */
export function createLeakyBucket(options: LeakyBucketOptions): RateLimiter {
  const clock = options.clock ?? systemClock;
  const burst = Math.max(1, options.burst);
  let level = 0;
  let drainedAt = clock.now();
  // Requests line up here so that concurrent callers are served in order.
  let queue: Promise<void> = Promise.resolve();

  const drain = () => {
    const now = clock.now();
    level = Math.max(0, level - ((now - drainedAt) / 1000) * options.rate);
    drainedAt = now;
  };

  const take = async () => {
    drain();
    if (level + 1 > burst) {
      await clock.sleep(((level + 1 - burst) / options.rate) * 1000);
      drain();
    }
    level += 1;
  };

  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    markFull() {
      drain();
      level = Math.max(level, burst);
    },
  };
}
