// A small closed-loop load generator: `concurrency` workers each send requests back to back for `durationMs`
// (bounded in count too), then we report latency percentiles and throughput. Only loopback targets.

export interface LoadResult {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(
  task: (i: number) => Promise<unknown>,
  options: { concurrency: number; durationMs: number; maxRequests?: number; warmup?: number },
): Promise<LoadResult> {
  for (let i = 0; i < (options.warmup ?? 20); i++) await task(i);
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const max = options.maxRequests ?? 100_000;
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline && issued < max) {
        const i = issued++;
        const t0 = performance.now();
        try {
          await task(i);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    rps: Math.round(latencies.length / elapsed),
  };
}
