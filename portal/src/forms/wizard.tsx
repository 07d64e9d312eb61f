/**
 * A multi-step dossier form driven by the zod schema the API validates with: each step checks only its own
 * fields before moving on, the review step submits once with the draft's Idempotency-Key, and any 400/409/422
 * from the server is shown on the field it names (or above the form when it names none).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type * as z from '../../../shared/validation/zod.ts';
import { ApiError, api } from '../api/client.ts';
import type { SubmitResult } from '../api/types.ts';
import { Alert, ErrorMessage } from '../components/status.tsx';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { clearDraft, type Draft, loadDraft, saveDraft } from './draft.ts';
import {
  compact,
  errorCount,
  errorsFor,
  type FieldErrors,
  FORM_LEVEL,
  type FormValues,
  getPath,
  issuesToFieldErrors,
  problemsToFieldErrors,
  setPath,
  wordErrors,
} from './form-state.ts';
import { KEPT_TEXTS, type KeptProblem, wordProblem } from './kept-problems.ts';

export interface FormApi {
  readonly values: FormValues;
  readonly errors: FieldErrors;
  readonly text: (path: string) => string;
  readonly set: (path: string, value: unknown) => void;
  /** Drops the errors of a field shown under another path than its value's (and of the fields inside it). */
  readonly clear: (path: string) => void;
}

export interface WizardStep {
  readonly title: string;
  /** The fields this step shows: their errors stop the citizen here. */
  readonly fields: readonly string[];
  readonly render: (form: FormApi) => ComponentChildren;
}

export interface WizardProps {
  /** Names the draft in sessionStorage. */
  readonly formId: string;
  /** A procedure group, filed at POST /v1/dossiers; or `endpoint` for a single-agency service. */
  readonly group?: 'birth-group' | 'death-group';
  /** Where a single-agency service is filed (`/v1/services/<slug>/dossiers`, body `{form}`). */
  readonly endpoint?: string;
  /** The form as validated and sent, from the values shown; by default empty fields are left out. */
  readonly prepare?: (values: FormValues) => unknown;
  readonly schema: z.ZodMiniType;
  readonly initial: () => FormValues;
  readonly steps: readonly WizardStep[];
  readonly review: (values: FormValues) => ComponentChildren;
}

const allFields = (steps: readonly WizardStep[]) => steps.flatMap((s) => s.fields);

export const Wizard = (props: WizardProps) => {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(sessionStorage, props.formId, props.initial));
  const [problems, setProblems] = useState<FieldErrors<KeptProblem>>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<{ result: SubmitResult; replayed: boolean }>();
  const inFlight = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const reviewIndex = props.steps.length;
  const known = allFields(props.steps);
  const prepared = (values: FormValues) => (props.prepare ? props.prepare(values) : compact(values)) ?? {};

  useEffect(() => saveDraft(sessionStorage, props.formId, draft), [draft, props.formId]);
  // Each step change moves focus to the step's heading, for keyboard and screen-reader users.
  useEffect(() => heading.current?.focus(), [draft.step, done]);

  const errors = wordErrors(problems, (p) => wordProblem(p, t, lang));
  const clearErrors = (path: string) =>
    setProblems((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== path && !k.startsWith(`${path}.`))));
  const form: FormApi = {
    values: draft.values,
    errors,
    text: (path) => {
      const value = getPath(draft.values, path);
      return typeof value === 'string' ? value : value === undefined ? '' : String(value);
    },
    set: (path, value) => {
      setDraft((d) => ({ ...d, values: setPath(d.values, path, value) }));
      // The field's errors go, and those of the fields inside it (a list set whole).
      clearErrors(path);
    },
    clear: (path) => clearErrors(path),
  };

  const validate = (fields: readonly string[]): FieldErrors<KeptProblem> => {
    const values = prepared(draft.values) as FormValues;
    const parsed = props.schema.safeParse(values);
    if (parsed.success) return {};
    return errorsFor(
      issuesToFieldErrors<KeptProblem>(parsed.error.issues, known, { values, texts: KEPT_TEXTS }),
      fields,
    );
  };

  const goTo = (step: number) => setDraft((d) => ({ ...d, step }));

  const next = (event: Event) => {
    event.preventDefault();
    const stepErrors = validate(props.steps[draft.step]?.fields ?? []);
    setProblems(stepErrors);
    if (errorCount(stepErrors) === 0) goTo(draft.step + 1);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (inFlight.current) return; // a double click sends nothing twice (and the key would make it harmless anyway)
    const allErrors = validate(known);
    if (errorCount(allErrors) > 0) {
      setProblems(allErrors);
      const first = props.steps.findIndex((s) => s.fields.some((f) => allErrors[f]));
      if (first >= 0) goTo(first);
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setFailure(undefined);
    try {
      const form = prepared(draft.values);
      const { body, response } = await api<SubmitResult>(props.endpoint ?? '/v1/dossiers', {
        method: 'POST',
        body: props.group ? { group: props.group, form } : { form },
        idempotencyKey: draft.idempotencyKey,
      });
      clearDraft(sessionStorage, props.formId);
      setDone({ result: body, replayed: response.headers.get('idempotent-replayed') === 'true' });
    } catch (error) {
      if (error instanceof ApiError && error.problems.length > 0) {
        const mapped = problemsToFieldErrors<KeptProblem>(error.problems, known);
        setProblems(mapped);
        const first = props.steps.findIndex((s) => s.fields.some((f) => mapped[f]));
        if (first >= 0) goTo(first);
        if (mapped[FORM_LEVEL] || first < 0) setFailure(error);
      } else {
        setFailure(error);
      }
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  if (done) {
    const d = done.result;
    return (
      <section class="card" aria-labelledby="done">
        <h2 id="done" ref={heading} tabIndex={-1}>
          {t('form.submitted')}
        </h2>
        {done.replayed ? <Alert kind="info">{t('form.replayed')}</Alert> : null}
        <p data-testid="dossier-id">{t('form.dossierId', { id: d.id })}</p>
        <p>{t('form.expectedBy', { date: formatDate(d.expectedBy, lang) })}</p>
        <a class="button" href={`/portal/dossiers/${d.id}`}>
          {t('form.viewDossier')}
        </a>
      </section>
    );
  }

  const total = props.steps.length + 1;
  const onReview = draft.step >= reviewIndex;
  const step = props.steps[draft.step];
  const formErrors = errors[FORM_LEVEL];
  return (
    <form class="wizard" noValidate onSubmit={onReview ? submit : next}>
      <p class="muted">{t('form.draftKept')}</p>
      <h2 ref={heading} tabIndex={-1}>
        {t('form.stepOf', {
          step: Math.min(draft.step, reviewIndex) + 1,
          total,
          title: onReview ? t('form.review') : step?.title,
        })}
      </h2>
      {errorCount(errors) > 0 ? <Alert kind="error">{t('form.fixErrors', { count: errorCount(errors) })}</Alert> : null}
      {formErrors ? (
        <Alert kind="error">
          <ul>
            {formErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {failure ? <ErrorMessage error={failure} /> : null}
      {onReview ? props.review(draft.values) : step?.render(form)}
      <div class="actions">
        {draft.step > 0 ? (
          <button type="button" class="button button--secondary" onClick={() => goTo(draft.step - 1)}>
            {t('app.back')}
          </button>
        ) : null}
        {onReview ? (
          <button type="submit" class="button" disabled={submitting} aria-disabled={submitting}>
            {submitting ? t('form.submitting') : t('form.submit')}
          </button>
        ) : (
          <button type="submit" class="button">
            {t('app.next')}
          </button>
        )}
        <button
          type="button"
          class="button button--ghost"
          onClick={() => {
            clearDraft(sessionStorage, props.formId);
            setProblems({});
            setDraft(loadDraft(sessionStorage, props.formId, props.initial));
          }}
        >
          {t('form.discard')}
        </button>
      </div>
    </form>
  );
};

/** A read-only line of the review step. */
export const ReviewLine = (props: { readonly label: string; readonly value: ComponentChildren }) => (
  <>
    <dt>{props.label}</dt>
    <dd>{props.value}</dd>
  </>
);
