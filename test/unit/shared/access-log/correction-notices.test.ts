import { describe, expect, it } from 'vitest';
import type { AccessEntryInput } from '../../../../shared/access-log/access-entry.ts';
import {
  CORRECTION_NOTICE_PURPOSE,
  earlierReaders,
  notifyEarlierReaders,
} from '../../../../shared/access-log/correction-notices.ts';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { createAccessRecorder } from '../../../../shared/access-log/record-access.ts';

const PIN = '001190000001';
const CORRECTED_AT = '2026-11-23T03:00:00.000Z';
const agency = (id: string) => ({ type: 'agency' as const, id, name: `Agency ${id}` });

const setup = async (reads: readonly Partial<AccessEntryInput>[]) => {
  const log = new InMemoryAccessLog();
  const recorder = createAccessRecorder(log, { now: () => new Date(CORRECTED_AT) });
  for (const [i, read] of reads.entries()) {
    await recorder.record({
      subjectPin: PIN,
      accessor: agency('bank-vcb'),
      fields: ['fullName'],
      purpose: 'ekyc',
      legalBasis: 'consent:c1',
      outcome: 'granted',
      requestId: `read-${i}`,
      at: '2026-10-01T00:00:00.000Z',
      ...read,
    } as AccessEntryInput);
  }
  const notify = notifyEarlierReaders({ reader: log, recorder });
  const notices = () => (log.chains.get(PIN)?.entries ?? []).filter((e) => e.purpose === CORRECTION_NOTICE_PURPOSE);
  return { log, notify, notices };
};

const correction = {
  pin: PIN,
  fields: ['fullName', 'birthDate'],
  dossierId: 'HS01-20261123-ABCDEFGHJK',
  correctedAt: CORRECTED_AT,
};

describe('earlierReaders', () => {
  it('lists each agency that read a corrected field before the correction once, with the corrected fields it read', async () => {
    const { log } = await setup([
      { fields: ['fullName'] },
      { fields: ['birthDate', 'sex'] },
      { accessor: agency('tax-feed'), fields: ['permanentResidence.communeCode', 'fullName'] },
    ]);
    const entries = (await log.listForCitizen(PIN)).entries;
    expect(earlierReaders(entries, ['fullName', 'birthDate'], CORRECTED_AT)).toEqual([
      { accessor: agency('bank-vcb'), fields: ['fullName', 'birthDate'] },
      { accessor: agency('tax-feed'), fields: ['fullName'] },
    ]);
    // A dotted path is inside the field it names.
    expect(earlierReaders(entries, ['permanentResidence'], CORRECTED_AT)).toEqual([
      { accessor: agency('tax-feed'), fields: ['permanentResidence'] },
    ]);
  });

  it.each([
    ['a read of other fields', { fields: ['cardNumber'] }],
    ['a refused read', { fields: [], outcome: 'denied', reason: 'no consent' }],
    ['an officer', { accessor: { type: 'officer', id: '001080000009' } }],
    ['the citizen themselves', { accessor: { type: 'citizen', id: PIN } }],
    ['a read of the corrected value (at or after the correction)', { at: CORRECTED_AT }],
    ['an earlier notice', { purpose: CORRECTION_NOTICE_PURPOSE }],
    [
      'a public verification of a document the citizen presented',
      { accessor: { type: 'agency', id: 'public-document-verification' }, purpose: 'document-verification' },
    ],
    ['a sign-in at the citizen portal (ID token)', { accessor: agency('citizen-portal'), purpose: 'oidc-id-token' }],
    ['the citizen portal asking userinfo', { accessor: agency('citizen-portal'), purpose: 'oidc-userinfo' }],
  ])('leaves out %s', async (_, read) => {
    const { log } = await setup([read as Partial<AccessEntryInput>]);
    expect(earlierReaders((await log.listForCitizen(PIN)).entries, ['fullName'], CORRECTED_AT)).toEqual([]);
  });
});

it("keeps a relying party's sign-in: the hospital received the name and may keep it", async () => {
  const { log } = await setup([{ accessor: agency('hospital-bach-mai'), purpose: 'oidc-id-token' }]);
  expect(earlierReaders((await log.listForCitizen(PIN)).entries, ['fullName'], CORRECTED_AT)).toEqual([
    { accessor: agency('hospital-bach-mai'), fields: ['fullName'] },
  ]);
});

describe('notifyEarlierReaders', () => {
  it("records one notice per reader in the citizen's log, reading every page of it, and only once when run again", async () => {
    // 150 reads (two pages of 100), the bank's first read on the older page.
    const reads = [
      { fields: ['birthDate'] },
      ...Array.from({ length: 149 }, (_, i) => ({ accessor: agency(`hospital-${i % 3}`), fields: ['cardNumber'] })),
    ];
    const { notify, notices } = await setup(reads);
    const told = await notify(correction);
    expect(told).toEqual([{ accessor: agency('bank-vcb'), fields: ['birthDate'] }]);
    expect(notices()).toEqual([
      expect.objectContaining({
        accessor: agency('bank-vcb'),
        fields: ['birthDate'],
        outcome: 'granted',
        requestId: `record-correction:${correction.dossierId}:bank-vcb`,
      }),
    ]);
    expect(await notify(correction)).toEqual(told);
    expect(notices()).toHaveLength(1);
  });

  it('tells nobody when no agency read a corrected field', async () => {
    const { notify, notices } = await setup([{ fields: ['cardNumber'] }]);
    expect(await notify(correction)).toEqual([]);
    expect(notices()).toEqual([]);
  });
});
