import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  compact,
  errorCount,
  errorsFor,
  FORM_LEVEL,
  getPath,
  issuesToFieldErrors,
  problemsToFieldErrors,
  setPath,
  wordErrors,
} from '../../../../portal/src/forms/form-state.ts';
import { KEPT_TEXTS, type KeptProblem, wordProblem } from '../../../../portal/src/forms/kept-problems.ts';
import { BirthFormSchema } from '../../../../shared/dossiers/forms.ts';
import * as z from '../../../../shared/validation/zod.ts';

const FIELDS = [
  'child.fullName',
  'child.birthDate',
  'motherPin',
  'fatherPin',
  'birthCertificate.number',
  'alsoRequest',
];

describe('form values by dotted path', () => {
  it('reads and writes nested values without changing the original', () => {
    const before = { child: { fullName: 'An' } };
    const after = setPath(before, 'child.birthDate', '2026-12-01');
    expect(after).toEqual({ child: { fullName: 'An', birthDate: '2026-12-01' } });
    expect(before).toEqual({ child: { fullName: 'An' } });
    expect(getPath(after, 'child.birthDate')).toBe('2026-12-01');
    expect(getPath(after, 'child.missing.deeper')).toBeUndefined();
  });

  it('changes one item of a list and keeps it a list', () => {
    const before = {
      members: [
        { pin: 'a', relationToHead: '' },
        { pin: 'b', relationToHead: '' },
      ],
    };
    const after = setPath(before, 'members.1.relationToHead', 'child');
    expect(after).toEqual({
      members: [
        { pin: 'a', relationToHead: '' },
        { pin: 'b', relationToHead: 'child' },
      ],
    });
    expect(Array.isArray(after.members)).toBe(true);
    expect(before.members[1]?.relationToHead).toBe('');
  });
});

describe('problemsToFieldErrors', () => {
  it('puts a server problem on the field it names, without the body.form prefix', () => {
    const errors = problemsToFieldErrors(
      [
        { field: 'body.form.child.birthDate', message: 'must not be after today' },
        { field: 'body.form.fatherPin', message: 'The father is not in the NPDB.' },
      ],
      FIELDS,
    );
    expect(errors).toEqual({
      'child.birthDate': ['must not be after today'],
      fatherPin: ['The father is not in the NPDB.'],
    });
  });

  it('gives a problem on an array element to the array field, and one on no shown field to the form', () => {
    const errors = problemsToFieldErrors(
      [
        { field: 'body.form.alsoRequest.1', message: 'Invalid option' },
        { field: 'header.Idempotency-Key', message: 'required' },
        { field: 'body.group', message: 'unknown group' },
      ],
      FIELDS,
    );
    expect(errors.alsoRequest).toEqual(['Invalid option']);
    expect(errors[FORM_LEVEL]).toEqual(['required', 'unknown group']);
    expect(errorCount(errors)).toBe(3);
  });

  it('keeps each message once even when the server repeats it', () => {
    const problem = { field: 'body.form.motherPin', message: 'A PIN has exactly 12 digits.' };
    expect(problemsToFieldErrors([problem, problem], FIELDS)).toEqual({ motherPin: ['A PIN has exactly 12 digits.'] });
  });
});

describe('validation with the shared schema', () => {
  it('reports the same fields the API would, and a step sees only its own', () => {
    const parsed = BirthFormSchema.safeParse(
      compact({
        child: { fullName: 'Hồ Minh An', sex: 'male', birthDate: '2026-02-30' },
        motherPin: '12345',
        birthCertificate: { number: '', facilityCode: '01001', issuedOn: '2026-02-01' },
      }),
    );
    expect(parsed.success).toBe(false);
    const errors = issuesToFieldErrors(parsed.error?.issues ?? [], FIELDS);
    expect(Object.keys(errors).sort()).toEqual(['birthCertificate.number', 'child.birthDate', 'motherPin']);
    expect(Object.keys(errorsFor(errors, ['child.fullName', 'child.birthDate']))).toEqual(['child.birthDate']);
  });

  it("says an empty field or an unmade choice in the portal's language, and keeps the schema's own messages", () => {
    const values = compact({
      child: { fullName: 'X1', birthDate: '' },
      motherPin: '001099500001',
      birthCertificate: { number: 'CS-1', facilityCode: '01001', issuedOn: '2026-02-01' },
    }) as Record<string, unknown>;
    const parsed = BirthFormSchema.safeParse(values);
    const texts = { fillIn: 'Vui lòng điền thông tin vào ô này.', chooseOne: 'Vui lòng chọn một trong các lựa chọn.' };
    const errors = issuesToFieldErrors(parsed.error?.issues ?? [], FIELDS.concat('child.sex'), { values, texts });
    expect(errors['child.birthDate']).toEqual([texts.fillIn]);
    expect(errors['child.sex']).toEqual([texts.chooseOne]);
    // The schema's own sentence, not a generic one.
    expect(errors['child.fullName']?.[0]).toMatch(/contains the digit 1/);
    // Without the texts, zod's sentences as they are (the API's problems carry the same ones).
    const raw = issuesToFieldErrors(parsed.error?.issues ?? [], FIELDS.concat('child.sex'));
    expect(raw['child.birthDate']?.[0]).toMatch(/^Invalid input/);
  });
});

describe("zod's own sentences in the portal's words", () => {
  const Schema = z.object({
    reason: z.string().check(z.minLength(5), z.maxLength(20)),
    code: z.string().check(z.regex(/^\d{5}$/)),
    name: z.string().check(z.regex(/^\D*$/, 'A name has no digits.')),
  });
  const texts = {
    fillIn: 'Vui lòng điền thông tin vào ô này.',
    chooseOne: 'Vui lòng chọn một trong các lựa chọn.',
    atLeast: (n: number) => `Vui lòng nhập ít nhất ${n} ký tự.`,
    atMost: (n: number) => `Vui lòng nhập tối đa ${n} ký tự.`,
    invalid: 'Giá trị này không hợp lệ; vui lòng kiểm tra lại.',
  };
  const errors = (values: Record<string, unknown>) =>
    issuesToFieldErrors(Schema.safeParse(values).error?.issues ?? [], ['reason', 'code', 'name'], { values, texts });

  it("says too short, too long and a wrong format in the texts given, and keeps the schema's own message", () => {
    expect(errors({ reason: 'abc', code: '12a', name: 'An 2' })).toEqual({
      reason: [texts.atLeast(5)],
      code: [texts.invalid],
      name: ['A name has no digits.'],
    });
    expect(errors({ reason: 'x'.repeat(21), code: '12345', name: 'An' })).toEqual({ reason: [texts.atMost(20)] });
    expect(errors({ code: '12345', name: 'An' })).toEqual({ reason: [texts.fillIn] });
    expect(errors({ reason: 12345, code: '12345', name: 'An' })).toEqual({ reason: [texts.invalid] });
  });
});

describe('problems kept in no language, worded when shown', () => {
  const Schema = z.object({
    reason: z.string().check(z.minLength(5)),
    name: z.string().check(z.regex(/^\D*$/, 'A name has no digits.')),
  });
  /** A t() of the portal's texts in each language, as i18next words them. */
  const words = {
    vi: {
      'form.atLeast': 'Vui lòng nhập ít nhất {{count}} ký tự.',
      'form.fillIn': 'Vui lòng điền thông tin vào ô này.',
    },
    en: { 'form.atLeast': 'Enter at least {{count}} characters.', 'form.fillIn': 'Please fill in this field.' },
  } as const;
  const tIn = (lang: 'vi' | 'en') =>
    ((key: keyof (typeof words)['vi'], options?: { count?: number }) =>
      words[lang][key].replace('{{count}}', String(options?.count))) as unknown as TFunction;

  it("keeps zod's own sentences as names of texts and the schema's and the API's as English, then words each", () => {
    const values = { reason: 'abc', name: 'An 2' };
    const kept = issuesToFieldErrors<KeptProblem>(Schema.safeParse(values).error?.issues ?? [], ['reason', 'name'], {
      values,
      texts: KEPT_TEXTS,
    });
    expect(kept).toEqual({ reason: [{ key: 'form.atLeast', count: 5 }], name: ['A name has no digits.'] });
    const api = problemsToFieldErrors<KeptProblem>(
      [{ field: 'body.reason', message: 'at least 10 characters' }],
      ['reason'],
    );
    for (const lang of ['vi', 'en'] as const) {
      const shown = wordErrors({ ...kept, ...api }, (p) => wordProblem(p, tIn(lang), lang));
      expect(shown).toEqual(
        lang === 'vi'
          ? { reason: ['ít nhất 10 ký tự'], name: ['A name has no digits.'] }
          : { reason: ['at least 10 characters'], name: ['A name has no digits.'] },
      );
      expect(wordProblem({ key: 'form.atLeast', count: 5 }, tIn(lang), lang)).toBe(
        lang === 'vi' ? 'Vui lòng nhập ít nhất 5 ký tự.' : 'Enter at least 5 characters.',
      );
    }
  });
});

describe('compact', () => {
  it('leaves out empty optional fields and trims text, so "" never reaches the API', () => {
    expect(
      compact({
        child: { fullName: '  Hồ An ', birthPlaceCommuneCode: '' },
        fatherPin: '',
        householdOf: undefined,
        list: [],
      }),
    ).toEqual({ child: { fullName: 'Hồ An' }, list: [] });
    expect(compact({ a: { b: '' } })).toBeUndefined();
  });
});
