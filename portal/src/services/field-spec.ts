/**
 * What a single-agency service's e-form looks like on the portal: a short list of fields, each of a kind the generic
 * renderer knows (text, date, PIN, commune, lists of PINs...). From it come the empty form, the paths errors may be
 * shown at, and the form as the API expects it. Validation itself is the API's own zod schema
 * (shared/services/forms/). No DOM here, so it is unit-tested in Node.
 */
import { compact, type FormValues, getPath, setPath } from '../forms/form-state.ts';

interface Base {
  /** Dotted path in the form (`vehicle.make`); also names the field's label. */
  readonly path: string;
  readonly optional?: boolean;
}

export type FieldSpec =
  | (Base & {
      readonly kind: 'text';
      readonly maxLength?: number;
      readonly numeric?: boolean;
      readonly upperCase?: boolean;
    })
  | (Base & { readonly kind: 'textarea' | 'date' | 'commune' | 'address' })
  /** A PIN; `self` fills in the applicant's own. */
  | (Base & { readonly kind: 'pin'; readonly self?: boolean })
  | (Base & { readonly kind: 'number'; readonly initial?: number })
  /** One of `options`; `numeric` sends the choice as a number (a certificate type 1 or 2). */
  | (Base & {
      readonly kind: 'select';
      readonly options: readonly string[];
      readonly initial?: string;
      readonly numeric?: boolean;
    })
  /** A yes/no question, sent as a boolean. */
  | (Base & { readonly kind: 'checkbox' })
  /** PINs, each once; `self` starts the list with the applicant. */
  | (Base & { readonly kind: 'pinList'; readonly max: number; readonly self?: boolean })
  | (Base & { readonly kind: 'textList'; readonly max: number })
  /** People joining a household: a PIN and a relation to its head each. */
  | (Base & { readonly kind: 'personList'; readonly max: number; readonly relations: readonly string[] });

export interface ServiceSpec {
  /** The catalogue code; its schema is SERVICE_FORMS[code]. */
  readonly code: number;
  readonly fields: readonly FieldSpec[];
}

export type ListKind = Extract<FieldSpec, { max: number }>;
export const isList = (field: FieldSpec): field is ListKind => 'max' in field;

/** An empty item of a list field. */
export const emptyItem = (field: ListKind): unknown =>
  field.kind === 'personList' ? { pin: '', relationToHead: '' } : '';

/** The form as the citizen first sees it. */
export const initialValues = (spec: ServiceSpec, applicantPin: string): FormValues => {
  let values: FormValues = {};
  for (const field of spec.fields) {
    const value = ((): unknown => {
      switch (field.kind) {
        case 'address':
          return { communeCode: '', addressLine: '' };
        case 'pin':
          return field.self ? applicantPin : '';
        case 'number':
          return field.initial === undefined ? '' : String(field.initial);
        case 'select':
          return field.initial ?? '';
        case 'checkbox':
          return false;
        case 'pinList':
          return [field.self ? applicantPin : ''];
        case 'textList':
        case 'personList':
          return [emptyItem(field)];
        default:
          return '';
      }
    })();
    values = setPath(values, field.path, value);
  }
  return values;
};

/**
 * Every path an error may be shown at, most specific first where it matters: a list's items (`persons.1`, and
 * `persons.1.pin` for a household list) and the list itself, an address's two parts.
 */
export const fieldPaths = (spec: ServiceSpec): string[] =>
  spec.fields.flatMap((field) => {
    if (field.kind === 'address') return [field.path, `${field.path}.communeCode`, `${field.path}.addressLine`];
    if (!isList(field)) return [field.path];
    const items = Array.from({ length: field.max }, (_, i) => `${field.path}.${i}`);
    if (field.kind !== 'personList') return [field.path, ...items];
    return [field.path, ...items.flatMap((item) => [item, `${item}.pin`, `${item}.relationToHead`])];
  });

const isBlank = (item: unknown): boolean =>
  typeof item === 'string'
    ? item.trim() === ''
    : item !== null && typeof item === 'object' && Object.values(item).every(isBlank);

/** A number typed in a text box, as the schema expects it; anything else is left for the schema to refuse. */
const toNumber = (text: unknown): unknown => {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/** A list without its blank rows at the end (a blank row between others stays, for the schema to point at). */
const withoutTrailingBlanks = (list: readonly unknown[]): unknown[] => {
  let end = list.length;
  while (end > 0 && isBlank(list[end - 1])) end--;
  return list.slice(0, end);
};

/**
 * The form as the API expects it: numbers as numbers, blank rows at the end of a list left out (an empty list stays
 * `[]`, for the schema to ask for someone), and empty optional fields absent rather than "".
 */
export const toForm = (spec: ServiceSpec, values: FormValues): FormValues => {
  let form = values;
  for (const field of spec.fields) {
    const value = getPath(form, field.path);
    if (field.kind === 'number' || (field.kind === 'select' && field.numeric)) {
      form = setPath(form, field.path, toNumber(value));
    }
    if (isList(field)) form = setPath(form, field.path, withoutTrailingBlanks(Array.isArray(value) ? value : []));
  }
  return (compact(form) ?? {}) as FormValues;
};

/** The values of a list field as rows (at least one, so there is a box to type in). */
export const listRows = (values: FormValues, field: ListKind): unknown[] => {
  const value = getPath(values, field.path);
  return Array.isArray(value) && value.length > 0 ? value : [emptyItem(field)];
};
