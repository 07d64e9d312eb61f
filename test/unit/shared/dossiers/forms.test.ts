import { describe, expect, it } from 'vitest';
import { BirthFormSchema, DeathFormSchema, SubmitDossierSchema } from '../../../../shared/dossiers/forms.ts';
import { birthFormInput, deathFormInput, PINS } from './fixtures.ts';

const messages = (result: { success: boolean; error?: { issues: readonly { message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.message);
const paths = (result: { error?: { issues: readonly { path: readonly PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'));

describe('BirthFormSchema', () => {
  it('accepts a good form and fills the defaults (Kinh, VN)', () => {
    const form = BirthFormSchema.parse(birthFormInput());
    expect(form.child).toEqual({
      fullName: 'Trần Thị Mai',
      sex: 'female',
      birthDate: '2026-11-10',
      ethnicity: 'Kinh',
      nationality: 'VN',
    });
    expect(form.motherPin).toBe(PINS.mother);
  });

  it('accepts a form without father, household or birth place', () => {
    const { fatherPin: _f, ...input } = birthFormInput();
    expect(BirthFormSchema.safeParse(input).success).toBe(true);
  });

  it("NFC-normalises the child's name, collapses spaces and title-cases it with its diacritics", () => {
    const typed = '  trần   thị  ánh   ngọc '.normalize('NFD');
    expect(typed).not.toBe(typed.normalize('NFC'));
    const form = BirthFormSchema.parse(birthFormInput({ child: { ...birthFormInput().child, fullName: typed } }));
    expect(form.child.fullName).toBe('Trần Thị Ánh Ngọc');
    expect(form.child.fullName).toBe(form.child.fullName.normalize('NFC'));
  });

  it.each(['Mai 2', 'Mai@', ''])('refuses the name %j with a message', (fullName) => {
    const result = BirthFormSchema.safeParse(birthFormInput({ child: { ...birthFormInput().child, fullName } }));
    expect(result.success).toBe(false);
    expect(paths(result)).toContain('child.fullName');
  });

  it.each([
    ['too short', '00119000001'],
    ['letters', '00119000000A'],
    ['unknown province code 999', '999190000001'],
    ['born after this year (2090)', '001390000001'],
  ])('refuses a mother PIN that is %s', (_why, motherPin) => {
    const result = BirthFormSchema.safeParse(birthFormInput({ motherPin }));
    expect(result.success).toBe(false);
    expect(paths(result)).toContain('motherPin');
  });

  it('refuses a bad father or household PIN too', () => {
    expect(BirthFormSchema.safeParse(birthFormInput({ fatherPin: '1234' })).success).toBe(false);
    expect(BirthFormSchema.safeParse(birthFormInput({ householdOf: '1234' })).success).toBe(false);
  });

  it.each(['10/11/2026', '2026-1-10', '20261110', ''])('refuses the date %j', (birthDate) => {
    const result = BirthFormSchema.safeParse(birthFormInput({ child: { ...birthFormInput().child, birthDate } }));
    expect(result.success).toBe(false);
    expect(messages(result)).toContain('Use a date in the form YYYY-MM-DD.');
  });

  it.each([
    ['child.birthDate', { child: { ...birthFormInput().child, birthDate: '2026-02-30' } }],
    [
      'birthCertificate.issuedOn',
      { birthCertificate: { ...birthFormInput().birthCertificate, issuedOn: '2026-13-01' } },
    ],
  ])('refuses a date that does not exist in %s', (path, overrides) => {
    const result = BirthFormSchema.safeParse(birthFormInput(overrides));
    expect(result.success).toBe(false);
    expect(paths(result)).toContain(path);
  });

  it('refuses unknown keys at every level (strict objects)', () => {
    expect(BirthFormSchema.safeParse({ ...birthFormInput(), motherName: 'Hoa' }).success).toBe(false);
    expect(
      BirthFormSchema.safeParse(birthFormInput({ child: { ...birthFormInput().child, nickname: 'Bống' } })).success,
    ).toBe(false);
    expect(
      BirthFormSchema.safeParse(
        birthFormInput({ birthCertificate: { ...birthFormInput().birthCertificate, doctor: 'X' } }),
      ).success,
    ).toBe(false);
  });

  it('refuses a wrong sex, facility code, commune code or nationality', () => {
    const child = birthFormInput().child;
    expect(BirthFormSchema.safeParse(birthFormInput({ child: { ...child, sex: 'other' } })).success).toBe(false);
    expect(
      BirthFormSchema.safeParse(birthFormInput({ child: { ...child, birthPlaceCommuneCode: '0007' } })).success,
    ).toBe(false);
    expect(BirthFormSchema.safeParse(birthFormInput({ child: { ...child, nationality: 'VNM' } })).success).toBe(false);
    expect(
      BirthFormSchema.safeParse(
        birthFormInput({ birthCertificate: { ...birthFormInput().birthCertificate, facilityCode: '1001' } }),
      ).success,
    ).toBe(false);
  });
});

describe('DeathFormSchema', () => {
  it('accepts a good form (4 procedures)', () => {
    const form = DeathFormSchema.parse(deathFormInput());
    expect(form.alsoRequest).toEqual(['funeral-allowance', 'survivor-benefit']);
    expect(form.funeralAllowance).toEqual({ basis: 'pensioner', recipientPin: PINS.father });
  });

  it('defaults alsoRequest to none (2 procedures)', () => {
    const { alsoRequest: _a, funeralAllowance: _f, ...input } = deathFormInput();
    expect(DeathFormSchema.parse(input).alsoRequest).toEqual([]);
  });

  it('refuses the survivor benefit without the funeral allowance', () => {
    const result = DeathFormSchema.safeParse(deathFormInput({ alsoRequest: ['survivor-benefit'] }));
    expect(result.success).toBe(false);
    expect(messages(result)).toContain(
      'The survivor benefit is requested together with the funeral allowance (4 procedures).',
    );
  });

  it('refuses a procedure requested twice, or more than two extra procedures', () => {
    const twice = DeathFormSchema.safeParse(
      deathFormInput({ alsoRequest: ['funeral-allowance', 'funeral-allowance'] }),
    );
    expect(messages(twice)).toContain('Each procedure may be requested once.');
    expect(
      DeathFormSchema.safeParse(
        deathFormInput({ alsoRequest: ['funeral-allowance', 'survivor-benefit', 'funeral-allowance'] }),
      ).success,
    ).toBe(false);
    expect(DeathFormSchema.safeParse(deathFormInput({ alsoRequest: ['pension'] })).success).toBe(false);
  });

  it('refuses a date of death that does not exist', () => {
    const result = DeathFormSchema.safeParse(deathFormInput({ deathDate: '2026-11-31' }));
    expect(result.success).toBe(false);
    expect(paths(result)).toContain('deathDate');
  });

  it('refuses a bad deceased PIN, a bad date, an unknown basis and unknown keys', () => {
    expect(DeathFormSchema.safeParse(deathFormInput({ deceasedPin: '001' })).success).toBe(false);
    expect(DeathFormSchema.safeParse(deathFormInput({ deathDate: '20/11/2026' })).success).toBe(false);
    expect(
      DeathFormSchema.safeParse(deathFormInput({ funeralAllowance: { basis: 'veteran', recipientPin: PINS.father } }))
        .success,
    ).toBe(false);
    expect(DeathFormSchema.safeParse({ ...deathFormInput(), cause: 'illness' }).success).toBe(false);
    expect(
      DeathFormSchema.safeParse(deathFormInput({ deathNotice: { ...deathFormInput().deathNotice, signedBy: 'Dr. X' } }))
        .success,
    ).toBe(false);
  });
});

describe('SubmitDossierSchema', () => {
  it('accepts a birth and a death dossier', () => {
    expect(SubmitDossierSchema.safeParse({ group: 'birth-group', form: birthFormInput() }).success).toBe(true);
    expect(SubmitDossierSchema.safeParse({ group: 'death-group', form: deathFormInput() }).success).toBe(true);
  });

  it('refuses a funeral allowance requested without naming the recipient and basis', () => {
    const { funeralAllowance: _f, ...form } = deathFormInput({ alsoRequest: ['funeral-allowance'] });
    const result = SubmitDossierSchema.safeParse({ group: 'death-group', form });
    expect(result.success).toBe(false);
    expect(paths(result)).toEqual(['form.funeralAllowance']);
    expect(messages(result)).toEqual(['Name the recipient and the basis of the funeral allowance.']);
  });

  it('accepts a death dossier of 2 procedures without a funeral allowance claim', () => {
    const { funeralAllowance: _f, ...form } = deathFormInput({ alsoRequest: [] });
    expect(SubmitDossierSchema.safeParse({ group: 'death-group', form }).success).toBe(true);
  });

  it('refuses an unknown group, a form of the other group and unknown keys', () => {
    expect(SubmitDossierSchema.safeParse({ group: 'marriage', form: birthFormInput() }).success).toBe(false);
    expect(SubmitDossierSchema.safeParse({ group: 'birth-group', form: deathFormInput() }).success).toBe(false);
    expect(SubmitDossierSchema.safeParse({ group: 'death-group', form: birthFormInput() }).success).toBe(false);
    expect(
      SubmitDossierSchema.safeParse({ group: 'birth-group', form: birthFormInput(), channel: 'app' }).success,
    ).toBe(false);
  });
});
