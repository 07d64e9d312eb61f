import { describe, expect, it } from 'vitest';
import { resolveLegacyUnit } from '../../../../shared/admin-units/resolve-legacy-unit.ts';
import { ResolveQuerySchema } from '../../../../shared/admin-units/resolve-schemas.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';

const resolve = resolveLegacyUnit({ clock: { now: () => new Date('2026-12-05T03:00:00Z') } });

describe('resolveLegacyUnit', () => {
  it('answers the old ward itself for a day before 1 July 2025', () => {
    const answer = resolve({ legacyCode: '00061', date: '2025-06-30' });

    expect(answer).toMatchObject({
      date: '2025-06-30',
      inForce: 'legacy',
      units: [],
      legacy: { fullName: 'Phường Hàng Bạc', districtName: 'Quận Hoàn Kiếm', province: { code: '001' } },
    });
  });

  it('answers the 2025 unit from 1 July 2025, and today when no date is given', () => {
    expect(resolve({ legacyCode: '00061', date: '2025-07-01' }).units).toEqual([
      {
        code: '00070',
        fullName: 'Phường Hoàn Kiếm',
        kind: 'ward',
        province: { code: '01', name: 'Hà Nội' },
        effectiveFrom: '2025-07-01',
      },
    ]);
    expect(resolve({ legacyCode: '00061' }).date).toBe('2026-12-05');
  });

  it('answers 404 for a code that was no commune on 2025-06-30', () => {
    expect(() => resolve({ legacyCode: '99999', date: '2025-01-01' })).toThrow(NotFoundError);
  });

  it.each([
    [{ legacyCode: '61' }, 'legacyCode'],
    [{ legacyCode: '0006A' }, 'legacyCode'],
    [{ legacyCode: '00061', date: '2025-02-29' }, 'date'],
    [{ legacyCode: '00061', date: '01/07/2025' }, 'date'],
    [{}, 'legacyCode'],
  ])('rejects %j naming the field %s', (query, field) => {
    const parsed = ResolveQuerySchema.safeParse(query);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });

  it('rejects parameters it does not take', () => {
    expect(ResolveQuerySchema.safeParse({ legacyCode: '00061', province: '01' }).success).toBe(false);
  });
});
