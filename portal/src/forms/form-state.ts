/**
 * The pure part of the dossier forms: values kept as a nested object addressed by dotted paths, problems from the
 * server's 400/409/422 answers or from the shared zod schemas mapped onto the fields that caused them, and the
 * form cleaned of empty optional fields before it is sent. No DOM here, so it is unit-tested in Node.
 */
import en from 'zod/v4/locales/en.js';
import type { FieldProblem } from '../api/client.ts';

export type FormValues = Record<string, unknown>;
/**
 * Field path (`child.fullName`) → messages; `_form` for problems no field owns. A form may keep its messages in no
 * language yet (`M`: the API's English sentence, or which of the portal's own texts) and word them when it shows them,
 * so that they follow a change of language.
 */
export type FieldErrors<M = string> = Record<string, M[]>;
export const FORM_LEVEL = '_form';

export const getPath = (values: FormValues, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as FormValues)[key] : undefined), values);

/**
 * A copy of `values` with `path` set; intermediate objects are created as needed, and a list stays a list
 * (`members.1.relationToHead` changes the second item of the array `members`).
 */
export const setPath = (values: FormValues, path: string, value: unknown): FormValues => {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return values;
  const child = values[head];
  const next =
    rest.length === 0
      ? value
      : setPath(child && typeof child === 'object' ? (child as FormValues) : {}, rest.join('.'), value);
  if (Array.isArray(values) && /^\d+$/.test(head)) {
    const copy = [...values];
    copy[Number(head)] = next;
    return copy as unknown as FormValues;
  }
  return { ...values, [head]: next };
};

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

const add = <M>(errors: FieldErrors<M>, field: string, message: M) => {
  const list = errors[field] ?? [];
  if (!list.some((m) => same(m, message))) list.push(message);
  errors[field] = list;
};

/**
 * Maps the API's field problems (`body.form.child.fullName`) to form fields (`child.fullName`). A problem on a
 * field the form does not show (or on the whole body) is kept at the form level, so nothing is silently dropped.
 */
export const problemsToFieldErrors = <M = string>(
  problems: readonly (Omit<FieldProblem, 'message'> & { readonly message: M })[],
  knownFields: readonly string[],
  prefixes: readonly string[] = ['body.form.', 'body.'],
): FieldErrors<M> => {
  const errors: FieldErrors<M> = {};
  for (const problem of problems) {
    const prefix = prefixes.find((p) => problem.field.startsWith(p));
    const path = prefix ? problem.field.slice(prefix.length) : problem.field;
    // An error on an array element or a nested object belongs to the closest field the form shows.
    const owner = closestField(path, knownFields);
    add(errors, owner ?? FORM_LEVEL, problem.message);
  }
  return errors;
};

const closestField = (path: string, knownFields: readonly string[]): string | undefined => {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const candidate = parts.slice(0, length).join('.');
    if (knownFields.includes(candidate)) return candidate;
  }
  return undefined;
};

/** A zod issue as the portal reads it: where, which kind, and zod's sentence. */
export interface FormIssue {
  readonly path: readonly PropertyKey[];
  readonly code?: string;
  readonly message: string;
}

/**
 * The citizen's language for zod's own sentences, which are English and speak of types ("expected string"): the texts
 * themselves, or (`M`) what names them, for a form that words its messages when it shows them.
 */
export interface IssueTexts<M = string> {
  /** A field left empty. */
  readonly fillIn: M;
  /** A choice (radio buttons, a list) with a value that is not one of its options. */
  readonly chooseOne: M;
  /** Text shorter than a schema allows (`count` characters at least). */
  readonly atLeast?: (count: number) => M;
  /** Text longer than a schema allows. */
  readonly atMost?: (count: number) => M;
  /** Any other value zod refuses in its own words (a wrong format, a wrong type). */
  readonly invalid?: M;
  /** A schema's own message (the API's sentence) in the page's language, where the portal has it; else kept as is. */
  readonly translate?: (message: string) => string;
}

/** zod's own English sentences, to tell them from the schemas' own messages (which are shown as written). */
const zodSentence = en().localeError;
const isZodOwn = (issue: FormIssue): boolean => {
  // Its sentence for a wrong type names the input's type, which the issue no longer carries.
  if (issue.code === 'invalid_type') return issue.message.startsWith('Invalid input: expected ');
  try {
    const own = zodSentence(issue as never);
    return (typeof own === 'string' ? own : own?.message) === issue.message;
  } catch {
    return false;
  }
};

/** A zod issue of its own in the portal's words, or undefined to keep zod's. */
const inPortalWords = <M>(
  issue: FormIssue & { readonly origin?: string; readonly minimum?: unknown; readonly maximum?: unknown },
  texts: IssueTexts<M>,
): M | undefined => {
  if (!isZodOwn(issue)) return undefined;
  const text = issue.origin === 'string';
  if (issue.code === 'too_small' && text && texts.atLeast) return texts.atLeast(Number(issue.minimum));
  if (issue.code === 'too_big' && text && texts.atMost) return texts.atMost(Number(issue.maximum));
  return texts.invalid;
};

/**
 * zod issues (from the same schema the API validates with) as field errors. With `texts`, zod's generic sentences are
 * given in the portal's language: a field left empty, a choice not made, text too short or too long, any other value
 * it refuses; the schemas' own messages (a name with a digit, a date in the future) are shown as written.
 */
export const issuesToFieldErrors = <M = string>(
  issues: readonly FormIssue[],
  knownFields: readonly string[],
  context?: { readonly values: FormValues; readonly texts: IssueTexts<M> },
): FieldErrors<M | string> =>
  problemsToFieldErrors<M | string>(
    issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      if (!context) return { field, message: issue.message };
      // An enum or a literal is a choice (radio buttons, a list), made or not; any other field was left empty or not.
      if (issue.code === 'invalid_value') return { field, message: context.texts.chooseOne };
      const value = getPath(context.values, field);
      if (issue.code === 'invalid_type' && (value === undefined || value === '')) {
        return { field, message: context.texts.fillIn };
      }
      return {
        field,
        message: inPortalWords(issue, context.texts) ?? context.texts.translate?.(issue.message) ?? issue.message,
      };
    }),
    knownFields,
    [],
  );

/** Keeps only the errors of the fields on one step of a multi-step form. */
export const errorsFor = <M>(errors: FieldErrors<M>, fields: readonly string[]): FieldErrors<M> =>
  Object.fromEntries(Object.entries(errors).filter(([field]) => fields.includes(field)));

export const errorCount = <M>(errors: FieldErrors<M>) => Object.values(errors).reduce((n, list) => n + list.length, 0);

/** Errors kept in no language yet, worded by `word` (in the language shown now). */
export const wordErrors = <M>(errors: FieldErrors<M>, word: (message: M) => string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, list.map(word)]));

/**
 * The form as the API expects it: empty strings and empty objects left out, so that an optional field the
 * citizen did not fill is absent rather than an invalid "".
 */
export const compact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as FormValues)
      .map(([k, v]) => [k, compact(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
};
