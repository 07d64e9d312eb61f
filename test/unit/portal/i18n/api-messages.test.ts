/**
 * The portal's Vietnamese for the API's English sentences: looked up as written or by pattern, English where there is
 * none; and every entry still matches a sentence the code writes, so a reworded message cannot leave a dead entry
 * while the page falls back to English.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMessage, vietnameseOf } from '../../../../portal/src/i18n/api-messages.ts';
import { VI_EXACT, VI_PATTERNS } from '../../../../portal/src/i18n/api-messages-vi.ts';
import { BirthFormSchema, SubmitDossierSchema } from '../../../../shared/dossiers/forms.ts';
import { SERVICE_FORMS } from '../../../../shared/services/forms/index.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
/** Every source the API's sentences come from, whitespace-joined so a sentence split over lines is found whole. */
const source = ['shared', 'functions', 'infra/local']
  .flatMap(sourceFiles)
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
/** The source with string concatenations and line breaks inside them undone: `'a ' +\n 'b'` reads `a b`. */
const joined = source.replace(/(['`"])\s*\+\s*\n\s*(['`"])/g, '');

describe('API sentences in Vietnamese', () => {
  it('translates a sentence as written, one with values by its pattern, and leaves the rest in English', () => {
    expect(apiMessage('The request body is not valid.', 'vi')).toEqual({
      text: 'Nội dung yêu cầu không hợp lệ.',
      lang: 'vi',
    });
    expect(
      vietnameseOf(
        'Household H1 no longer has the 3 living members the change names (someone joined, left or died since); nothing was written.',
      ),
    ).toContain('Hộ H1 không còn đúng 3 thành viên');
    expect(apiMessage('A sentence nobody translated.', 'vi')).toEqual({
      text: 'A sentence nobody translated.',
      lang: 'en',
    });
    expect(apiMessage('The request body is not valid.', 'en')).toEqual({
      text: 'The request body is not valid.',
      lang: 'en',
    });
    expect(apiMessage('at least 10 characters', 'vi').text).toBe('ít nhất 10 ký tự');
  });

  it('has only entries for sentences the code still writes', () => {
    const dead = Object.keys(VI_EXACT).filter((english) => !joined.includes(english) && !source.includes(english));
    expect(dead).toEqual([]);
  });

  it('has Vietnamese that is not the English again, and patterns anchored at both ends that match their example', () => {
    for (const [english, vi] of Object.entries(VI_EXACT)) expect(vi, english).not.toBe(english);
    for (const { pattern, example } of VI_PATTERNS) {
      expect(pattern.source).toMatch(/^\^.*\$$/);
      expect(pattern.test(example), example).toBe(true);
    }
  });

  it("has Vietnamese for what the forms' own checks write, values included, as the shared code writes it", () => {
    // Patterns are checked only against their examples: these run the real checks (PIN, date, name, commune), so a
    // reworded sentence there fails here instead of showing English on a Vietnamese page.
    const messages = (result: { error?: { issues: readonly { code: string; message: string }[] } }) =>
      (result.error?.issues ?? []).filter((i) => i.code === 'custom').map((i) => i.message);
    const written = [
      ...messages(
        BirthFormSchema.safeParse({
          child: { fullName: 'Lê Thị 2@', sex: 'female', birthDate: '2025-02-29' },
          motherPin: '00130099999',
          fatherPin: '999245000123',
          birthCertificate: { number: 'GCS-1', facilityCode: '01001', issuedOn: '2024-13-01' },
        }),
      ),
      ...messages(
        BirthFormSchema.safeParse({
          child: { fullName: ' ', sex: 'male', birthDate: '9/3/2024' },
          motherPin: '0013-0099999a',
          birthCertificate: { number: 'GCS-1', facilityCode: '01001', issuedOn: '' },
        }),
      ),
      ...messages(
        SubmitDossierSchema.safeParse({
          group: 'death-group',
          form: {
            deceasedPin: '',
            deathDate: '2026-01-01',
            deathNotice: { number: 'GBT-1', issuedBy: 'Bệnh viện', issuedOn: '2026-01-01' },
            alsoRequest: ['survivor-benefit', 'survivor-benefit'],
          },
        }),
      ),
      ...messages(
        (SERVICE_FORMS[4] as (typeof SERVICE_FORMS)[number]).safeParse({
          address: { communeCode: '99999', addressLine: 'Số 1 phố Huế' },
          from: '2026-01-01',
          until: '2026-02-01',
          accommodation: 'owned',
          ownerPin: '001085000123',
          persons: ['001085000123', '001085000123'],
        }),
      ),
    ];
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((message) => vietnameseOf(message) === undefined)).toEqual([]);
    expect(vietnameseOf('A PIN has 12 digits; this one has 11 characters.')).toBe(
      'Số định danh cá nhân gồm 12 chữ số; số đã nhập có 11 ký tự.',
    );
  });
});
