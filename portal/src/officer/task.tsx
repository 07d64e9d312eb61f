/** One step in the inbox: the dossier, the automatic checks' findings, and the decision (approve / reject). */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import type { DossierView, OfficerTask } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { TextArea } from '../components/fields.tsx';
import { Alert, ErrorMessage, Show, useResource } from '../components/status.tsx';
import { problemsToFieldErrors } from '../forms/form-state.ts';
import { apiMessage } from '../i18n/api-messages.ts';
import { useI18n } from '../i18n/i18n.ts';
import { DossierDetails } from '../pages/dossier.tsx';
import { loadTasks } from './inbox.tsx';

const Decision = (props: { readonly task: OfficerTask; readonly onDecided: () => void }) => {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [reasonErrors, setReasonErrors] = useState<string[]>();
  const [done, setDone] = useState<string>();
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    setReasonErrors(undefined);
    try {
      const { body } = await api<{ status: string }>(
        `/v1/officer/tasks/${encodeURIComponent(props.task.taskId)}/decision`,
        {
          method: 'POST',
          body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        },
      );
      setDone(body.status);
      props.onDecided();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0)
        setReasonErrors(problemsToFieldErrors(e.problems, ['reason']).reason);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <Alert kind="success">
        {t('officer.decided', { status: t(`dossiers.stepStatuses.${done}`, { defaultValue: done }) })}
      </Alert>
    );
  return (
    <section class="card" aria-labelledby="decision">
      <h2 id="decision">{t('dossiers.decision')}</h2>
      {error ? <ErrorMessage error={error} /> : null}
      <TextArea
        path="reason"
        label={t('officer.reason')}
        value={reason}
        errors={reasonErrors?.map((m) => apiMessage(m, lang).text)}
        onInput={setReason}
      />
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={() => void decide('approve')}>
          {t('officer.approve')}
        </button>
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void decide('reject')}>
          {t('officer.reject')}
        </button>
      </div>
    </section>
  );
};

/** A check's finding, in the officer's language where the portal has it (the API words findings in English). */
const FindingDetail = (props: { readonly detail: string }) => {
  const { lang } = useI18n();
  const shown = apiMessage(props.detail, lang);
  return <span lang={shown.lang}>{shown.text}</span>;
};

const Task = (props: { readonly taskId: string }) => {
  const { t } = useI18n();
  const task = useResource(async () => {
    const tasks = await loadTasks();
    const found = tasks.find((x) => x.taskId === props.taskId);
    if (!found) throw new ApiError(404, t('officer.empty'));
    return found;
  }, [props.taskId]);
  const dossierId = props.taskId.split('.')[0] ?? '';
  const dossier = useResource(
    async () => (await api<DossierView>(`/v1/dossiers/${encodeURIComponent(dossierId)}`)).body,
    [dossierId],
  );
  return (
    <>
      <Show resource={task}>
        {(item) => (
          <>
            <section class="card" aria-labelledby="findings">
              <h2 id="findings">{t('officer.findings')}</h2>
              <ul class="findings">
                {item.findings.map((f) => (
                  <li key={f.check} class={f.passed ? 'finding--ok' : 'finding--fail'} data-check={f.check}>
                    <strong>{f.passed ? `✓ ${t('officer.findingOk')}` : `✗ ${t('officer.findingFail')}`}</strong>{' '}
                    {f.check}: <FindingDetail detail={f.detail} />
                  </li>
                ))}
              </ul>
            </section>
            <Decision task={item} onDecided={dossier.reload} />
          </>
        )}
      </Show>
      <Show resource={dossier}>{(d) => <DossierDetails dossier={d} />}</Show>
    </>
  );
};

export const TaskPage = (props: { readonly params?: { readonly taskId?: string } }) => {
  const { t } = useI18n();
  const taskId = decodeURIComponent(props.params?.taskId ?? '');
  return (
    <>
      <h1>
        {t('officer.task')}: <code>{taskId}</code>
      </h1>
      <RequireAuth officer>{() => <Task taskId={taskId} />}</RequireAuth>
    </>
  );
};
