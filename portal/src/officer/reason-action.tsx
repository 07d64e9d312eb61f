/**
 * An officer's action on a whole dossier that needs a stated reason (revoking a death, resuming a group): a card with
 * the reason and one button, which posts `{ reason }` to the action's path and hands back the answer. The API's field
 * problems show on the reason; any other refusal above it.
 */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import { TextArea } from '../components/fields.tsx';
import { ErrorMessage } from '../components/status.tsx';
import { problemsToFieldErrors } from '../forms/form-state.ts';
import { type KeptProblem, wordProblem } from '../forms/kept-problems.ts';
import { useI18n } from '../i18n/i18n.ts';

export interface ReasonActionProps {
  /** The heading's id, which labels the card. */
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly reasonLabel: string;
  readonly submitLabel: string;
  /** An action that cannot be undone from here shows as such. */
  readonly danger?: boolean;
  /** The API path the reason is posted to. */
  readonly path: string;
  /** The shortest reason the API takes: a shorter one is refused here, in the page's language, before it is sent. */
  readonly minLength: number;
  readonly onDone: () => void;
}

export const ReasonAction = (props: ReasonActionProps) => {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<KeptProblem[]>();
  const [done, setDone] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    if (reason.trim().length < props.minLength) {
      setFieldErrors([reason.trim() ? { key: 'form.atLeast', count: props.minLength } : { key: 'form.fillIn' }]);
      return;
    }
    setBusy(true);
    setFieldErrors(undefined);
    try {
      await api(props.path, { method: 'POST', body: { reason: reason.trim() } });
      setDone(true);
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) {
        setFieldErrors(problemsToFieldErrors(e.problems, ['reason']).reason);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // The dossier page announces the outcome; this card has done its work.
  if (done) return null;
  return (
    <form class="card" onSubmit={submit} aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p>{props.intro}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <TextArea
        path="reason"
        label={props.reasonLabel}
        value={reason}
        errors={fieldErrors?.map((p) => wordProblem(p, t, lang))}
        onInput={setReason}
      />
      <button type="submit" class={props.danger ? 'button button--danger' : 'button'} disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
};
