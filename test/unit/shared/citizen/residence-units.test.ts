import { describe, expect, it } from 'vitest';
import { residenceUnitsOn } from '../../../../shared/citizen/residence-units.ts';

const at = (communeCode: string, provinceCode: string) => ({
  communeCode,
  provinceCode,
  addressLine: 'Số 1',
  since: '2010-01-01',
});

describe('residenceUnitsOn', () => {
  it('names the version of the unit in force on the day asked (Đồng Nai renamed it on 2026-04-30)', () => {
    expect(residenceUnitsOn(at('26485', '75'), '2026-04-29')).toMatchObject({
      communeFullName: 'Xã Nhơn Trạch',
      provinceName: 'Đồng Nai',
    });
    expect(residenceUnitsOn(at('26485', '75'), '2026-04-30').communeFullName).toBe('Phường Nhơn Trạch');
  });

  it('before July 2025 lists the old communes a unit was formed from, since one of them held the address', () => {
    const units = residenceUnitsOn(at('00070', '01'), '2025-06-01');

    expect(units.communeName).toBeUndefined();
    expect(units.formerUnits?.map((u) => u.fullName)).toEqual(
      expect.arrayContaining(['Phường Hàng Bạc', 'Phường Hàng Trống']),
    );
    expect(units.formerUnits?.every((u) => u.provinceName === 'Hà Nội')).toBe(true);
    expect(units.note).toMatch(/street address decides/);
  });

  it('before July 2025 names the old commune when the unit was formed from one only', () => {
    expect(residenceUnitsOn(at('23938', '52'), '2024-01-01')).toMatchObject({
      unitsOn: '2024-01-01',
      communeFullName: 'Xã Ia Mơ',
      provinceName: 'Gia Lai',
    });
  });

  it('says an island special zone had no commune before July 2025', () => {
    const units = residenceUnitsOn(at('26732', '79'), '2025-01-01');

    expect(units.formerUnits).toEqual([]);
    expect(units.note).toMatch(/island district/);
  });

  it('reads a record kept under an old code by the date: the old ward before, its successor after', () => {
    expect(residenceUnitsOn(at('00061', '01'), '2024-12-31')).toMatchObject({
      communeFullName: 'Phường Hàng Bạc',
      provinceName: 'Hà Nội',
    });
    expect(residenceUnitsOn(at('00061', '01'), '2025-08-01').communeFullName).toBe('Phường Hoàn Kiếm');
  });

  it('gives a note instead of a name for an old code divided between units', () => {
    const units = residenceUnitsOn(at('00007', '01'), '2025-08-01');

    expect(units.communeName).toBeUndefined();
    expect(units.note).toMatch(/divided/);
  });
});
