import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  childCardValidity,
  composeTeCardNumber,
  socialInsuranceNumberFromSerial,
  teCardValidUntil,
} from '../../../../shared/domain/child-health-insurance.ts';
import { HealthInsuranceSchema } from '../../../../shared/domain/citizen.ts';

const birthDates = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('teCardValidUntil', () => {
  it('extends to 30 September when the sixth birthday is earlier in the year', () => {
    expect(teCardValidUntil('2020-03-10')).toBe('2026-09-30');
    expect(teCardValidUntil('2020-01-01')).toBe('2026-09-30');
    expect(teCardValidUntil('2020-09-29')).toBe('2026-09-30');
  });

  it('is the sixth birthday itself from 30 September on', () => {
    expect(teCardValidUntil('2020-09-30')).toBe('2026-09-30');
    expect(teCardValidUntil('2020-10-01')).toBe('2026-10-01');
    expect(teCardValidUntil('2020-11-05')).toBe('2026-11-05');
    expect(teCardValidUntil('2019-12-31')).toBe('2025-12-31');
  });

  it('handles children born on 29 February (their sixth birthday is before September anyway)', () => {
    expect(teCardValidUntil('2020-02-29')).toBe('2026-09-30');
    expect(teCardValidUntil('2024-02-29')).toBe('2030-09-30');
  });

  it('rejects a birth date that does not exist', () => {
    expect(() => teCardValidUntil('2021-02-29')).toThrow(RangeError);
  });

  it('is always in the sixth year, on or after 30 September and the sixth birthday (property)', () => {
    fc.assert(
      fc.property(birthDates, (birth) => {
        const until = teCardValidUntil(birth);
        const sixthYear = String(Number(birth.slice(0, 4)) + 6);
        expect(until.slice(0, 4)).toBe(sixthYear);
        expect(until >= `${sixthYear}-09-30`).toBe(true);
        expect(until >= `${sixthYear}${birth.slice(4)}` || birth.endsWith('02-29')).toBe(true);
      }),
    );
  });
});

describe('composeTeCardNumber', () => {
  it('forms TE + benefit level 1 + province + social-insurance number, 15 characters', () => {
    const number = composeTeCardNumber('01', '0100000042');

    expect(number).toBe('TE1010100000042');
    expect(number).toHaveLength(15);
    expect(HealthInsuranceSchema.shape.number.safeParse(number).success).toBe(true);
  });

  it('rejects malformed province codes', () => {
    for (const code of ['1', '001', 'HN', '00', ' 1']) {
      expect(() => composeTeCardNumber(code, '0100000042')).toThrow(RangeError);
    }
  });

  it('rejects malformed social-insurance numbers', () => {
    for (const ssn of ['010000004', '01000000421', '01000000A2', '']) {
      expect(() => composeTeCardNumber('01', ssn)).toThrow(RangeError);
    }
  });
});

describe('socialInsuranceNumberFromSerial', () => {
  it('is the province code followed by the serial padded to 8 digits', () => {
    expect(socialInsuranceNumberFromSerial('79', 42)).toBe('7900000042');
    expect(socialInsuranceNumberFromSerial('01', 1)).toBe('0100000001');
    expect(socialInsuranceNumberFromSerial('01', 99_999_999)).toBe('0199999999');
  });

  it('rejects serials outside 1 to 99,999,999 and bad province codes', () => {
    for (const serial of [0, -1, 100_000_000, 1.5, Number.NaN]) {
      expect(() => socialInsuranceNumberFromSerial('01', serial)).toThrow(RangeError);
    }
    expect(() => socialInsuranceNumberFromSerial('1', 1)).toThrow(RangeError);
  });

  it('gives distinct valid card numbers for distinct serials (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 1, max: 99_999_999 }), (a, b) => {
        const first = composeTeCardNumber('48', socialInsuranceNumberFromSerial('48', a));
        const second = composeTeCardNumber('48', socialInsuranceNumberFromSerial('48', b));
        expect(HealthInsuranceSchema.shape.number.safeParse(first).success).toBe(true);
        expect(first === second).toBe(a === b);
      }),
    );
  });
});

describe('childCardValidity', () => {
  it('runs from birth to teCardValidUntil, whenever the card is issued', () => {
    expect(childCardValidity('2025-03-10', '2025-03-12')).toEqual({
      validFrom: '2025-03-10',
      validUntil: '2031-09-30',
    });
    expect(childCardValidity('2025-11-05', '2025-11-05')).toEqual({
      validFrom: '2025-11-05',
      validUntil: '2031-11-05',
    });
  });

  it('can still be issued on the last valid day', () => {
    expect(childCardValidity('2020-02-29', '2026-09-30').validUntil).toBe('2026-09-30');
    expect(childCardValidity('2020-11-05', '2026-11-05').validUntil).toBe('2026-11-05');
  });

  it('refuses a card once the child is no longer eligible', () => {
    expect(() => childCardValidity('2020-02-29', '2026-10-01')).toThrow(/no longer eligible/);
    expect(() => childCardValidity('2020-11-05', '2026-11-06')).toThrow(RangeError);
  });

  it('refuses a card issued before the birth, and bad dates', () => {
    expect(() => childCardValidity('2025-03-10', '2025-03-09')).toThrow(RangeError);
    expect(() => childCardValidity('2025-02-29', '2025-03-09')).toThrow(RangeError);
    expect(() => childCardValidity('2025-03-10', '2025-3-12')).toThrow(RangeError);
  });
});
