import { describe, expect, it } from 'vitest';
import { type BusEvent, LocalEventBus, type LocalRule } from '../../../../../infra/local/feed/local-event-bus.ts';

const SOURCE = 'vn.gov.p06.npdb';

/** A bus whose rules all match the test's events; each target records when it ran and waits to be finished. */
const setup = (rules: number, maxConcurrency: number) => {
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const finishers: Array<() => void> = [];
  const rule = (name: string): LocalRule => ({
    name,
    pattern: { source: [SOURCE] },
    target: async (event: BusEvent) => {
      started.push(`${(event.detail as { n: number }).n}:${name}`);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => finishers.push(resolve));
      running -= 1;
    },
  });
  const bus = new LocalEventBus({
    region: 'ap-southeast-1',
    accountId: '000000000000',
    busName: 'p06-life-events',
    archiveName: 'p06-life-events-archive',
    rules: Array.from({ length: rules }, (_, i) => rule(`r${i}`)),
    maxConcurrency,
    onUndeliverable: async () => undefined,
  });
  const put = (n: number) =>
    bus.handle('PutEvents', {
      Entries: [{ EventBusName: 'p06-life-events', Source: SOURCE, DetailType: 'Test', Detail: JSON.stringify({ n }) }],
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const finishAll = async () => {
    while (finishers.length > 0) {
      for (const finish of finishers.splice(0)) finish();
      await tick();
    }
  };
  return { bus, started, put, tick, finishers, finishAll, peak: () => peak };
};

describe('LocalEventBus concurrency', () => {
  it('starts an event’s deliveries together, when as many slots as rules are free, never above the limit', async () => {
    const { bus, started, put, tick, finishers, finishAll, peak } = setup(4, 6);
    await put(1);
    await put(2);
    await tick();
    // Event 2 needs four slots; two are free, so none of its deliveries starts before event 1's finish.
    expect(started).toEqual(['1:r0', '1:r1', '1:r2', '1:r3']);
    for (const finish of finishers.splice(0, 2)) finish();
    await tick();
    expect(started).toHaveLength(8);
    expect(started.slice(4).sort()).toEqual(['2:r0', '2:r1', '2:r2', '2:r3']);
    await finishAll();
    await bus.drain();
    expect(peak()).toBe(6);
  });

  it('delivers an event with more rules than slots one slot at a time', async () => {
    const { bus, started, put, tick, finishAll, peak } = setup(3, 2);
    await put(1);
    await tick();
    expect(started).toHaveLength(2);
    await finishAll();
    await bus.drain();
    expect(started.sort()).toEqual(['1:r0', '1:r1', '1:r2']);
    expect(peak()).toBe(2);
  });
});
