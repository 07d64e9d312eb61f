/** Entries and chains for access-log tests: a realistic default, overridable per test, and fast-check arbitraries. */
import fc from 'fast-check';
import type { AccessEntry, StoredAccessEntry } from '../../../../shared/access-log/access-entry.ts';
import { linkEntry } from '../../../../shared/access-log/hash-chain.ts';

export const CITIZEN = '001090012345';

/** A hospital reading a patient's identity and insurance at check-in. */
export const anEntry = (overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  subjectPin: CITIZEN,
  accessor: { type: 'agency', id: 'bach-mai-hospital', name: 'Bệnh viện Bạch Mai', agency: 'Bộ Y tế' },
  fields: ['fullName', 'birthDate', 'healthInsurance.number'],
  purpose: 'hospital-check-in',
  legalBasis: 'Law on Identification 2023 art. 10',
  outcome: 'granted',
  at: '2026-03-01T02:03:04.005Z',
  requestId: 'req-1',
  channel: 'api',
  ...overrides,
});

/** Links entries into a chain, as the store would; returns the entries and the head. */
export const chainOf = (entries: readonly AccessEntry[]) => {
  const stored: StoredAccessEntry[] = [];
  for (const entry of entries) {
    const last = stored.at(-1);
    stored.push(linkEntry(entry, last && { seq: last.seq, hash: last.hash }));
  }
  const last = stored.at(-1);
  return { entries: stored, head: last && { seq: last.seq, hash: last.hash } };
};

const pin = fc.stringMatching(/^\d{12}$/);
const name = fc.constantFrom('Nguyễn Văn An', 'Trần Thị Bích Ngọc', 'Lê Hoàng', 'Phạm Đức Thắng', 'Ông Ích Khiêm');
const agencyName = fc.constantFrom('Bệnh viện Bạch Mai', 'Công an phường Ba Đình', 'Ngân hàng Vietcombank');

/** Any valid entry about `subjectPin`. */
export const entryArbitrary = (subjectPin: string): fc.Arbitrary<AccessEntry> =>
  fc
    .record(
      {
        accessor: fc.oneof(
          fc.record({ type: fc.constant('citizen' as const), id: pin, name }, { requiredKeys: ['type', 'id'] }),
          fc.record(
            { type: fc.constant('officer' as const), id: pin, name, agency: agencyName },
            { requiredKeys: ['type', 'id'] },
          ),
          fc.record(
            { type: fc.constant('agency' as const), id: fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), name: agencyName },
            { requiredKeys: ['type', 'id'] },
          ),
        ),
        onBehalfOf: fc.option(pin, { nil: undefined }),
        outcome: fc.constantFrom('granted' as const, 'denied' as const),
        fields: fc.uniqueArray(
          fc.constantFrom('fullName', 'birthDate', 'sex', 'permanentResidence', 'healthInsurance.number', 'ethnicity'),
          { minLength: 1 },
        ),
        purpose: fc.constantFrom('hospital-check-in', 'ekyc', 'citizen-self-service', 'confirm-old-id'),
        legalBasis: fc.constantFrom('Law on Identification 2023 art. 10', 'Circular 46/2022/TT-BCA', 'consent:c-42'),
        at: fc
          .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        requestId: fc.uuid(),
        channel: fc.option(fc.constantFrom('api' as const, 'portal' as const), { nil: undefined }),
      },
      { noNullPrototype: true },
    )
    .map(({ onBehalfOf, channel, outcome, fields, ...rest }) => ({
      subjectPin,
      ...rest,
      outcome,
      fields: outcome === 'denied' ? [] : fields,
      ...(outcome === 'denied' ? { reason: 'Không có sự đồng ý của công dân.' } : {}),
      ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
      ...(channel === undefined ? {} : { channel }),
    }));

/** A chain of 1–12 entries about one citizen. */
export const chainArbitrary = pin.chain((subjectPin) =>
  fc.array(entryArbitrary(subjectPin), { minLength: 1, maxLength: 12 }).map((entries) => ({
    subjectPin,
    ...chainOf(entries),
  })),
);
