import { describe, expect, it } from 'vitest';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import type { AccessEntryInput } from '../../../../shared/access-log/record-access.ts';
import { createAccessRecorder } from '../../../../shared/access-log/record-access.ts';
import { anEntry, CITIZEN } from './fixtures.ts';

const clock = { now: () => new Date('2026-03-01T02:03:04.005Z') };
const input = (overrides: Partial<AccessEntryInput> = {}): AccessEntryInput => {
  const { at: _at, ...entry } = anEntry();
  return { ...entry, ...overrides };
};

describe('createAccessRecorder', () => {
  it('records a read with the instant from the clock', async () => {
    const log = new InMemoryAccessLog();
    await createAccessRecorder(log, clock).record(input());
    const { entries } = await log.readChain(CITIZEN);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ seq: 1, at: '2026-03-01T02:03:04.005Z', purpose: 'hospital-check-in' });
  });

  it('records a parent reading three children as one entry in each child’s chain, at one instant', async () => {
    const log = new InMemoryAccessLog();
    const parent = { type: 'citizen' as const, id: '001085000001', name: 'Nguyễn Văn An' };
    const children = ['001215000002', '001215000003', '001216000004'];
    await createAccessRecorder(log, clock).recordMany(
      children.map((subjectPin) => input({ subjectPin, accessor: parent, purpose: 'citizen-self-service' })),
    );
    for (const child of children) {
      const { entries } = await log.readChain(child);
      expect(entries.map((e) => [e.seq, e.accessor.id, e.at])).toEqual([[1, parent.id, '2026-03-01T02:03:04.005Z']]);
    }
  });

  it('keeps an instant the caller gave', async () => {
    const log = new InMemoryAccessLog();
    await createAccessRecorder(log, clock).record(input({ at: '2026-02-01T00:00:00.000Z' }));
    expect((await log.readChain(CITIZEN)).entries[0]?.at).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses to record an entry that does not say what was disclosed, and stores nothing', async () => {
    const log = new InMemoryAccessLog();
    const recorder = createAccessRecorder(log, clock);
    await expect(recorder.record(input({ purpose: '' }))).rejects.toThrow(/purpose/);
    expect(log.chains.size).toBe(0);
  });

  it('stores nothing for a request when one of its entries is invalid', async () => {
    const log = new InMemoryAccessLog();
    const recorder = createAccessRecorder(log, clock);
    await expect(recorder.recordMany([input(), input({ subjectPin: 'x' })])).rejects.toThrow(/subjectPin/);
    expect(log.chains.size).toBe(0);
  });
});
