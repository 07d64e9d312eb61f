import { describe, expect, it } from 'vitest';
import {
  AccessEntryInputSchema,
  AccessEntrySchema,
  AccessorIdSchema,
  accessorIdOf,
} from '../../../../shared/access-log/access-entry.ts';
import { anEntry } from './fixtures.ts';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('AccessEntrySchema', () => {
  it('accepts a hospital reading a patient at check-in', () => {
    expect(AccessEntrySchema.safeParse(anEntry()).success).toBe(true);
  });

  it('stores names in NFC, whatever form they were typed in', () => {
    const nfd = 'Bệnh viện Bạch Mai'.normalize('NFD');
    const entry = AccessEntrySchema.parse(anEntry({ accessor: { type: 'agency', id: 'bach-mai', name: nfd } }));
    expect(entry.accessor.name).toBe('Bệnh viện Bạch Mai'.normalize('NFC'));
  });

  it('requires a 12-digit PIN for the subject and for citizen and officer accessors', () => {
    const result = AccessEntrySchema.safeParse(
      anEntry({ subjectPin: '12345', accessor: { type: 'officer', id: 'not-a-pin', agency: 'Công an' } }),
    );
    expect(issues(result)).toEqual([
      'subjectPin: A PIN has exactly 12 digits.',
      'accessor.id: A PIN has exactly 12 digits.',
    ]);
  });

  it('accepts an OAuth client_id as the id of an agency', () => {
    expect(AccessEntrySchema.safeParse(anEntry({ accessor: { type: 'agency', id: 'vcb:ekyc-01' } })).success).toBe(
      true,
    );
  });

  it('refuses a denied read that lists disclosed fields', () => {
    const result = AccessEntrySchema.safeParse(anEntry({ outcome: 'denied', reason: 'No consent.' }));
    expect(issues(result)).toEqual(['fields: A denied read discloses no fields; leave it empty.']);
  });

  it('accepts a denied read with no fields and a reason', () => {
    const denied = anEntry({ outcome: 'denied', fields: [], reason: 'Không có sự đồng ý của công dân.' });
    expect(AccessEntrySchema.safeParse(denied).success).toBe(true);
  });

  it('refuses a field listed twice', () => {
    const result = AccessEntrySchema.safeParse(anEntry({ fields: ['fullName', 'fullName'] }));
    expect(issues(result)).toEqual(['fields: List each field once: fullName.']);
  });

  it('refuses a purpose that is not a kebab-case code', () => {
    expect(issues(AccessEntrySchema.safeParse(anEntry({ purpose: 'Hospital check in' })))).toEqual([
      'purpose: A purpose is a kebab-case code such as "hospital-check-in".',
    ]);
  });

  it('requires an instant in UTC with milliseconds, so instants sort as strings', () => {
    expect(AccessEntrySchema.safeParse(anEntry({ at: '2026-03-01T09:03:04+07:00' })).success).toBe(false);
    expect(AccessEntrySchema.safeParse(anEntry({ at: '2026-03-01T02:03:04Z' })).success).toBe(false);
  });

  it('refuses unknown properties, so nothing unlisted slips into the log', () => {
    expect(AccessEntrySchema.safeParse({ ...anEntry(), extra: 1 }).success).toBe(false);
  });
});

describe('AccessEntryInputSchema', () => {
  it('lets the recorder fill in the instant', () => {
    const { at: _at, ...input } = anEntry();
    expect(AccessEntryInputSchema.safeParse(input).success).toBe(true);
  });
});

describe('accessorIdOf', () => {
  it('keys the oversight index by type and id', () => {
    expect(accessorIdOf({ type: 'agency', id: 'bach-mai-hospital' })).toBe('agency#bach-mai-hospital');
    expect(AccessorIdSchema.safeParse('agency#bach-mai-hospital').success).toBe(true);
    expect(AccessorIdSchema.safeParse('officer#bach-mai').success).toBe(false);
  });
});
