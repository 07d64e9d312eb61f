/** A civil-status officer revokes a registered death: the NPDB restores the citizen; the extract is revoked. */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import { TextArea } from '../components/fields.tsx';
import { ErrorMessage } from '../components/status.tsx';
import { problemsToFieldErrors } from '../forms/form-state.ts';
import { useI18n } from '../i18n/i18n.ts';

export const RevokeDeath = (props: { readonly dossierId: string; readonly onRevoked: () => void }) => {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<string[]>();
  const [done, setDone] = useState(false);
  const revoke = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFieldErrors(undefined);
    try {
      await api(`/v1/officer/dossiers/${encodeURIComponent(props.dossierId)}/revocation`, {
        method: 'POST',
        body: { reason: reason.trim() },
      });
      setDone(true);
      props.onRevoked();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0)
        setFieldErrors(problemsToFieldErrors(e.problems, ['reason']).reason);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // The dossier page announces the revocation; this form has done its work.
  if (done) return null;
  return (
    <form class="card" onSubmit={revoke} aria-labelledby="revoke">
      <h2 id="revoke">{t('officer.revokeTitle')}</h2>
      <p>{t('officer.revokeIntro')}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <TextArea
        path="reason"
        label={t('officer.revokeReason')}
        value={reason}
        errors={fieldErrors}
        onInput={setReason}
      />
      <button type="submit" class="button button--danger" disabled={busy}>
        {t('officer.revoke')}
      </button>
    </form>
  );
};
