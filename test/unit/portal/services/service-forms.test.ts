import { describe, expect, it } from 'vitest';
import {
  FORM_LEVEL,
  issuesToFieldErrors,
  problemsToFieldErrors,
  setPath,
} from '../../../../portal/src/forms/form-state.ts';
import {
  type FieldSpec,
  fieldPaths,
  initialValues,
  listRows,
  type ServiceSpec,
  toForm,
} from '../../../../portal/src/services/field-spec.ts';
import { SERVICE_LABELS } from '../../../../portal/src/services/labels.ts';
import { SERVICE_SPECS } from '../../../../portal/src/services/specs.ts';
import { SERVICE_FORMS } from '../../../../shared/services/forms/index.ts';
import { SERVICE_PROCEDURES } from '../../../../shared/services/procedures/index.ts';
import type * as z from '../../../../shared/validation/zod.ts';

const ME = '001099500001';
const OWNER = '001085000001';
const CHILD = '001199000123';

const spec = (code: number): ServiceSpec => {
  const found = SERVICE_SPECS.get(code);
  if (!found) throw new Error(`no spec for ${code}`);
  return found;
};
const schema = (code: number): z.ZodMiniType => {
  const found = SERVICE_FORMS[code];
  if (!found) throw new Error(`no form for ${code}`);
  return found;
};

type Node = {
  def: { type: string; shape?: Record<string, Node>; options?: Node[]; values?: unknown[]; innerType?: Node };
  options?: string[];
};
/** The values an enum, or a union of literals (a certificate type 1 or 2), accepts. */
const accepted = (node: Node): string[] =>
  node.def.type === 'enum'
    ? (node.options ?? [])
    : (node.def.options ?? []).flatMap((option) => (option.def.values ?? []).map(String));
/** The schema under `z.optional()` and `z._default()`. */
const bare = (node: Node): Node =>
  node.def.type === 'optional' || node.def.type === 'default' ? bare(node.def.innerType as Node) : node;
const at = (root: z.ZodMiniType, path: string): Node | undefined =>
  path
    .split('.')
    .reduce<Node | undefined>((node, key) => (node ? bare(node).def.shape?.[key] : undefined), root as unknown as Node);

describe('the e-forms the portal shows and the API validates', () => {
  it('are the very schemas the procedures validate with, one portal description for each', () => {
    for (const [code, form] of Object.entries(SERVICE_FORMS)) {
      expect(SERVICE_PROCEDURES.get(Number(code))?.form, `service ${code}`).toBe(form);
    }
    expect([...SERVICE_SPECS.keys()].sort((a, b) => a - b)).toEqual(
      Object.keys(SERVICE_FORMS)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  it('describe every field of each schema, and nothing it does not know', () => {
    for (const s of SERVICE_SPECS.values()) {
      const shape = Object.keys(bare(schema(s.code) as unknown as Node).def.shape ?? {});
      const described = [...new Set(s.fields.map((f) => f.path.split('.')[0]))];
      expect(described.sort(), `service ${s.code}`).toEqual([...shape].sort());
      for (const field of s.fields) expect(at(schema(s.code), field.path), `${s.code} ${field.path}`).toBeDefined();
    }
  });

  it('offer exactly the choices the schema accepts, each labelled in Vietnamese and English', () => {
    for (const s of SERVICE_SPECS.values()) {
      for (const field of s.fields) {
        if (field.kind !== 'select') continue;
        const node = bare(at(schema(s.code), field.path) as Node);
        expect([...field.options].sort(), `${s.code} ${field.path}`).toEqual(accepted(node).sort());
        for (const value of field.options) {
          // Codes such as licence classes and times read as they are; words need a label.
          if (/^[A-Z0-9:]+$/.test(value)) continue;
          for (const lang of ['vi', 'en'] as const) {
            const labels = SERVICE_LABELS[lang];
            expect(labels.serviceOptions[s.code]?.[value] ?? labels.options[value], `${lang} ${value}`).toBeTruthy();
          }
        }
      }
    }
  });

  it('label every field in both languages', () => {
    for (const s of SERVICE_SPECS.values()) {
      for (const field of s.fields) {
        expect(SERVICE_LABELS.vi.fields[s.code]?.[field.path], `vi ${s.code} ${field.path}`).toBeTruthy();
        expect(SERVICE_LABELS.en.fields[s.code]?.[field.path], `en ${s.code} ${field.path}`).toBeTruthy();
      }
      for (const lang of ['vi', 'en'] as const) {
        for (const path of Object.keys(SERVICE_LABELS[lang].fields[s.code] ?? {})) {
          expect(
            s.fields.some((f) => f.path === path),
            `${lang} label for no field: ${s.code} ${path}`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('a form from its description', () => {
  const residence = spec(4);
  const filled = () => {
    let values = initialValues(residence, ME);
    values = setPath(values, 'address', { communeCode: '00070', addressLine: ' Số 12 ngõ 4, tổ 3 ' });
    values = setPath(values, 'from', '2026-12-10');
    values = setPath(values, 'until', '2027-06-10');
    values = setPath(values, 'accommodation', 'rented');
    values = setPath(values, 'ownerPin', OWNER);
    return values;
  };

  it('starts empty, with the applicant in the list of people and defaults where the schema has them', () => {
    expect(initialValues(residence, ME)).toEqual({
      address: { communeCode: '', addressLine: '' },
      from: '',
      until: '',
      accommodation: '',
      ownerPin: '',
      persons: [ME],
    });
    expect(initialValues(spec(6), ME)).toMatchObject({ guests: [''], place: 'permanent-residence' });
    expect(initialValues(spec(3), ME)).toEqual({
      householdHeadPin: '',
      householdCommuneCode: '',
      persons: [{ pin: '', relationToHead: '' }],
    });
    expect(initialValues(spec(21), ME)).toEqual({ dependants: '0', employerTaxCode: '' });
    expect(initialValues(spec(7), ME)).toMatchObject({ vehicle: { make: '', model: '' }, plateDelivery: 'collect' });
  });

  it('sends what the schema accepts: trimmed, blank rows at the end and empty optional fields left out', () => {
    const values = setPath(filled(), 'persons', [ME, CHILD, '', '  ']);
    const form = toForm(residence, values);
    expect(form).toEqual({
      address: { communeCode: '00070', addressLine: 'Số 12 ngõ 4, tổ 3' },
      from: '2026-12-10',
      until: '2027-06-10',
      accommodation: 'rented',
      ownerPin: OWNER,
      persons: [ME, CHILD],
    });
    expect(schema(4).safeParse(form).success).toBe(true);
    expect(toForm(spec(9), { kind: 'first', previousPassportNumber: ' ', delivery: 'post' })).toEqual({
      kind: 'first',
      delivery: 'post',
    });
    expect(schema(9).safeParse(toForm(spec(9), { kind: 'first', previousPassportNumber: '' })).success).toBe(true);
  });

  it('sends a yes/no question as a boolean and a numbered choice as a number', () => {
    const certificate = spec(12);
    expect(initialValues(certificate, ME)).toEqual({
      certificateType: '',
      purpose: '',
      copies: '1',
      includeOfficeBan: false,
    });
    const form = toForm(certificate, {
      certificateType: '1',
      purpose: 'Xin việc làm',
      copies: '2',
      includeOfficeBan: true,
    });
    expect(form).toEqual({ certificateType: 1, purpose: 'Xin việc làm', copies: 2, includeOfficeBan: true });
    expect(schema(12).safeParse(form).success).toBe(true);
    // The schema's cross-field rule lands on the checkbox.
    const refused = schema(12).safeParse({ ...form, certificateType: 2 });
    expect(refused.success).toBe(false);
    if (!refused.success) {
      expect(Object.keys(issuesToFieldErrors(refused.error.issues, fieldPaths(certificate)))).toEqual([
        'includeOfficeBan',
      ]);
    }
  });

  it('turns typed numbers into numbers and leaves anything else for the schema to refuse on its field', () => {
    expect(toForm(spec(24), { expectedKw: ' 2,5 ', purpose: 'household' })).toMatchObject({ expectedKw: 2.5 });
    expect(toForm(spec(21), { dependants: '2' })).toEqual({ dependants: 2 });
    const typo = toForm(spec(21), { dependants: 'two' });
    const parsed = schema(21).safeParse(typo);
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(Object.keys(issuesToFieldErrors(parsed.error.issues, fieldPaths(spec(21))))).toEqual(['dependants']);
    }
  });

  it('shows the schema’s problems on the field, the list row or the address part they concern', () => {
    let values = setPath(filled(), 'address.communeCode', '99999');
    values = setPath(values, 'persons', [ME, '12345', ME]);
    const parsed = schema(4).safeParse(toForm(residence, values));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = issuesToFieldErrors(parsed.error.issues, fieldPaths(residence));
    expect(errors['address.communeCode']).toEqual(['No commune has this code.']);
    expect(errors['persons.1']?.length).toBeGreaterThan(0);
    expect(errors[FORM_LEVEL]).toBeUndefined();
    // A blank row between two people stays in place, so the problem is shown on that row, not the next one.
    const gap = schema(4).safeParse(toForm(residence, setPath(filled(), 'persons', [ME, '', CHILD])));
    expect(gap.success).toBe(false);
    if (!gap.success)
      expect(Object.keys(issuesToFieldErrors(gap.error.issues, fieldPaths(residence)))).toEqual(['persons.1']);
    // Nobody named at all: the list itself is marked.
    const empty = schema(4).safeParse(toForm(residence, setPath(filled(), 'persons', [''])));
    expect(empty.success).toBe(false);
    if (!empty.success)
      expect(Object.keys(issuesToFieldErrors(empty.error.issues, fieldPaths(residence)))).toEqual(['persons']);
  });

  it('puts the API’s answers (422 naming body.form.persons.0, a household member’s relation) on their field', () => {
    expect(
      problemsToFieldErrors(
        [
          { field: 'body.form.persons.0', message: 'You can file only for yourself…' },
          { field: 'body.form.ownerPin', message: 'The owner of the accommodation is not in the NPDB.' },
          { field: 'body', message: 'You are married according to the NPDB.' },
        ],
        fieldPaths(residence),
      ),
    ).toEqual({
      'persons.0': ['You can file only for yourself…'],
      ownerPin: ['The owner of the accommodation is not in the NPDB.'],
      [FORM_LEVEL]: ['You are married according to the NPDB.'],
    });
    expect(
      problemsToFieldErrors(
        [{ field: 'body.form.persons.2.relationToHead', message: 'Invalid option' }],
        fieldPaths(spec(3)),
      ),
    ).toEqual({ 'persons.2.relationToHead': ['Invalid option'] });
  });

  it('asks service 3 for the commune where the household lives, and shows a problem with it on the picker', () => {
    const household = spec(3);
    expect(household.fields).toContainEqual({ kind: 'commune', path: 'householdCommuneCode' });
    const values = {
      householdHeadPin: OWNER,
      householdCommuneCode: '00070',
      persons: [
        { pin: ME, relationToHead: 'other' },
        { pin: '', relationToHead: '' },
      ],
    };
    const form = toForm(household, values);
    expect(form).toEqual({
      householdHeadPin: OWNER,
      householdCommuneCode: '00070',
      persons: [{ pin: ME, relationToHead: 'other' }],
    });
    expect(schema(3).safeParse(form).success).toBe(true);
    // None chosen (the picker's "choose" sends nothing), or a code of no commune: shown on the picker.
    for (const code of ['', '99999']) {
      const parsed = schema(3).safeParse(toForm(household, { ...values, householdCommuneCode: code }));
      expect(parsed.success, code).toBe(false);
      if (!parsed.success) {
        expect(Object.keys(issuesToFieldErrors(parsed.error.issues, fieldPaths(household)))).toEqual([
          'householdCommuneCode',
        ]);
      }
    }
    // The API's refusal of an unknown code lands there too.
    expect(
      problemsToFieldErrors(
        [{ field: 'body.form.householdCommuneCode', message: 'No commune has this code.' }],
        fieldPaths(household),
      ),
    ).toEqual({ householdCommuneCode: ['No commune has this code.'] });
  });

  it('always shows at least one row of a list to type in', () => {
    const guests = spec(6).fields.find((f) => f.path === 'guests') as Extract<FieldSpec, { max: number }>;
    expect(listRows({}, guests)).toEqual(['']);
    expect(listRows({ guests: [] }, guests)).toEqual(['']);
    expect(listRows({ guests: [ME, CHILD] }, guests)).toEqual([ME, CHILD]);
  });
});
