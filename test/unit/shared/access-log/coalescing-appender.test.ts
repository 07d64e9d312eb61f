import { describe, expect, it } from 'vitest';
import type { AccessEntry } from '../../../../shared/access-log/access-entry.ts';
import { coalesceAppends } from '../../../../shared/access-log/coalescing-appender.ts';
import { verifyChain } from '../../../../shared/access-log/hash-chain.ts';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { anEntry, CITIZEN } from './fixtures.ts';

const OTHER = '001215000007';
const AGENCIES = ['vss', 'tax', 'education', 'election-roll'];
const delivery = (agency: string, event = 'e-1', subjectPin = CITIZEN) =>
  anEntry({ requestId: `feed:${agency}:${event}`, subjectPin });

/** The in-memory log, with the calls the coalescer made to it. */
const setup = () => {
  const log = new InMemoryAccessLog();
  const calls: AccessEntry[][] = [];
  let writing = Promise.resolve();
  const store = {
    append: log.append.bind(log),
    appendMany: async (entries: readonly AccessEntry[]) => {
      calls.push([...entries]);
      // Takes a moment, like a transaction: callers arriving meanwhile wait for the next batch.
      await writing;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return log.appendMany(entries);
    },
  };
  const release = (until: Promise<void>) => {
    writing = until;
  };
  return { log, calls, appender: coalesceAppends(store), release };
};

describe('coalesceAppends', () => {
  it('writes one event’s four deliveries about one citizen in one call, each caller getting its own entry', async () => {
    const { log, calls, appender } = setup();
    const stored = await Promise.all(AGENCIES.map((agency) => appender.append(delivery(agency))));
    expect(calls).toHaveLength(1);
    expect(stored.map((e) => [e.requestId, e.seq])).toEqual(AGENCIES.map((a, i) => [`feed:${a}:e-1`, i + 1]));
    const chain = await log.readChain(CITIZEN);
    expect(chain.entries).toHaveLength(4);
    expect(verifyChain(chain.entries, { head: chain.head, subjectPin: CITIZEN })).toEqual([]);
  });

  it('lets callers that arrive during a write wait for it, then writes them together', async () => {
    const { calls, appender, release } = setup();
    let open: () => void = () => undefined;
    release(new Promise<void>((resolve) => (open = resolve)));
    const first = appender.append(delivery('vss'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['tax', 'education'].map((agency) => appender.append(delivery(agency)));
    open();
    const stored = await Promise.all([first, ...later]);
    expect(calls.map((call) => call.map((e) => e.requestId))).toEqual([
      ['feed:vss:e-1'],
      ['feed:tax:e-1', 'feed:education:e-1'],
    ]);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('keeps different citizens apart and passes appends about several citizens straight through', async () => {
    const { calls, appender } = setup();
    await Promise.all([
      appender.append(delivery('vss')),
      appender.append(delivery('vss', 'e-2', OTHER)),
      appender.appendMany([delivery('tax', 'e-3'), delivery('tax', 'e-3', OTHER)]),
    ]);
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.length === 1 || new Set(call.map((e) => e.subjectPin)).size === 2)).toBe(true);
  });

  it('does not merge a retried request with its first attempt, so the retry returns the same entry', async () => {
    const { log, calls, appender } = setup();
    const [original, retry] = await Promise.all([
      appender.append(delivery('vss')),
      appender.append(delivery('vss')),
      appender.append(delivery('tax')),
    ]);
    expect(retry).toEqual(original);
    expect(calls.map((call) => call.map((e) => e.requestId))).toEqual([
      ['feed:vss:e-1'],
      ['feed:vss:e-1', 'feed:tax:e-1'],
    ]);
    expect((await log.readChain(CITIZEN)).entries).toHaveLength(2);
  });

  it('fails only the caller whose entry is invalid; the others of its batch are written', async () => {
    const { log, appender } = setup();
    const results = await Promise.allSettled([
      appender.append(delivery('vss')),
      appender.append({ ...delivery('tax'), fields: 'everything' as unknown as string[] }),
      appender.append(delivery('education')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const chain = await log.readChain(CITIZEN);
    expect(chain.entries.map((e) => e.requestId)).toEqual(['feed:vss:e-1', 'feed:education:e-1']);
    expect(verifyChain(chain.entries, { head: chain.head, subjectPin: CITIZEN })).toEqual([]);
  });
});
