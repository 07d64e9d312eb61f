import { describe, expect, it } from 'vitest';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import type { AccessChain, AccessChainReader } from '../../../../shared/access-log/verify-all-chains.ts';
import { verifyAllChains } from '../../../../shared/access-log/verify-all-chains.ts';
import { anEntry, chainOf } from './fixtures.ts';

const A = '001090000001';
const B = '001090000002';

const logOf = async (counts: Record<string, number>) => {
  const log = new InMemoryAccessLog();
  for (const [pin, count] of Object.entries(counts)) {
    for (let i = 1; i <= count; i++) await log.append(anEntry({ subjectPin: pin, requestId: `req-${i}` }));
  }
  return log;
};

describe('verifyAllChains', () => {
  it('counts citizens and entries and finds nothing in untouched chains', async () => {
    expect(await verifyAllChains(await logOf({ [A]: 3, [B]: 4 }))).toEqual({
      citizensChecked: 2,
      entriesChecked: 7,
      problems: [],
    });
  });

  it('names the citizen and the entry that was changed', async () => {
    const log = await logOf({ [A]: 3, [B]: 4 });
    const chain = log.chains.get(B);
    if (!chain) throw new Error('no chain');
    chain.entries[1] = { ...(chain.entries[1] as (typeof chain.entries)[number]), purpose: 'ekyc' };
    const report = await verifyAllChains(log);
    expect(report.problems).toEqual([
      { subjectPin: B, kind: 'changed', seq: 2, message: 'entry 2 was changed after it was written' },
    ]);
  });

  it('notices the deletion of a citizen’s newest entry', async () => {
    const log = await logOf({ [A]: 3 });
    log.chains.get(A)?.entries.pop();
    const report = await verifyAllChains(log);
    expect(report.problems.map((p) => `${p.subjectPin}: ${p.message}`)).toEqual([
      `${A}: the head says 3 entries but only 2 exist (entry 3 is missing)`,
    ]);
  });

  it('verifies only the citizen asked for', async () => {
    const log = await logOf({ [A]: 3, [B]: 4 });
    log.chains.get(A)?.entries.pop();
    expect(await verifyAllChains(log, { citizen: B })).toEqual({ citizensChecked: 1, entriesChecked: 4, problems: [] });
  });

  it('does not report a chain that only looked inconsistent because an append happened during the scan', async () => {
    const { entries, head } = chainOf([anEntry({ subjectPin: A }), anEntry({ subjectPin: A, requestId: 'req-2' })]);
    const scanned: AccessChain = { subjectPin: A, entries: entries.slice(0, 1), head };
    const store: AccessChainReader = {
      readChain: async () => ({ subjectPin: A, entries, head }),
      async *allChains() {
        yield scanned;
      },
    };
    expect(await verifyAllChains(store)).toEqual({ citizensChecked: 1, entriesChecked: 2, problems: [] });
  });
});
