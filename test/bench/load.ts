import { percentile } from './usage-cost.ts';

/** A closed-loop load generator: `concurrency` workers each run `operation` back to back. */
export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs `operation` `total` times at a fixed concurrency after `warmup` untimed runs. */
export const runLoad = async (
  operation: () => Promise<boolean>,
  options: { total: number; concurrency: number; warmup?: number },
): Promise<LoadResult> => {
  for (let i = 0; i < (options.warmup ?? 50); i++) await operation();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        next++;
        const t = performance.now();
        const ok = await operation().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
};
