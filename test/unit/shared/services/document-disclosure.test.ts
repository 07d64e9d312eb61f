import { describe, expect, it } from 'vitest';
import { convictionRecorded, disclosure } from '../../../../shared/services/document-disclosure.ts';

describe('convictionRecorded', () => {
  it.each([
    ['Không có án tích.', false],
    ['  không có án tích', false],
    ['No conviction recorded.', false],
    ['Có án tích: Bản án 12/2019/HS-ST', true],
    ['Bản án 12/2019/HS-ST; không có án tích khác', true],
  ])('%s: %s', (outcome, recorded) => expect(convictionRecorded(outcome)).toBe(recorded));
});

describe('disclosure', () => {
  const subject = { pin: '001085000001', fullName: 'Nguyễn Văn An', birthDate: '1985-01-01' };
  const base = { number: 'X1', verificationCode: 'ABCDEF012345', issuedTo: { type: 'citizen', id: subject.pin } };

  it.each([
    ['old-id-number-confirmation', ['birthDate', 'fullName', 'oldIdNumber', 'pin']],
    ['death-extract', ['birthDate', 'deathDate', 'fullName', 'pin', 'status']],
    ['birth-certificate', ['birthDate', 'fullName', 'pin']],
    ['service-notice', ['birthDate', 'fullName', 'pin']],
  ])('a %s discloses its subject and what it states: %j', (type, fields) => {
    const result = disclosure({ ...base, type, subject });
    expect(result.fields).toEqual(fields);
    expect(result.shown).not.toHaveProperty('verificationCode');
    expect(result.shown).not.toHaveProperty('issuedTo');
  });

  it('a criminal-record certificate issued before the flag was stored: the flag from the outcome text', () => {
    const result = disclosure({
      ...base,
      type: 'criminal-record-certificate',
      subject,
      details: { certificateType: 1, record: 'Không có án tích', holder: { residence: 'Số 1 Tràng Tiền' } },
    });
    expect(result.shown.details).toEqual({ certificateType: 1, convictionRecorded: false });
    expect(result.fields).toEqual(['criminalRecord', 'fullName', 'pin']);
  });
});
