/** The officer's inbox: steps waiting for their agency in their jurisdiction, soonest due first, overdue marked. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import type { OfficerTask } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { TextField } from '../components/fields.tsx';
import { Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

export const loadTasks = async (overdue?: boolean) =>
  (await api<{ tasks: OfficerTask[] }>(`/v1/officer/tasks${overdue ? '?overdue=true' : ''}`)).body.tasks;

const Inbox = () => {
  const { t, lang } = useI18n();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [dossierId, setDossierId] = useState('');
  const { route } = useLocation();
  const tasks = useResource(() => loadTasks(overdueOnly), [overdueOnly]);
  return (
    <>
      <div class="filters">
        <label class="choice">
          <input
            type="checkbox"
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('officer.overdueOnly')}
        </label>
        <button type="button" class="button button--secondary button--small" onClick={tasks.reload}>
          {t('app.retry')}
        </button>
      </div>
      <Show resource={tasks}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('officer.empty')}</p>
          ) : (
            <TableScroll>
              <table data-testid="inbox">
                <thead>
                  <tr>
                    <th scope="col">{t('officer.dueDate')}</th>
                    <th scope="col">{t('officer.step')}</th>
                    <th scope="col">{t('officer.dossier')}</th>
                    <th scope="col">{t('officer.commune')}</th>
                    <th scope="col">{t('officer.findings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((task) => (
                    <tr key={task.taskId} class={task.overdue ? 'overdue' : undefined} data-task={task.taskId}>
                      <td>
                        {formatDate(task.dueDate, lang)}
                        {task.overdue ? <span class="badge badge--danger"> {t('officer.overdue')}</span> : null}
                      </td>
                      <td>
                        <a href={`/portal/officer/tasks/${encodeURIComponent(task.taskId)}`}>
                          {t(`officer.agencies.${task.agency}`)}: {task.stepId}
                        </a>
                      </td>
                      <td>
                        <code>{task.dossierId}</code>
                      </td>
                      <td>{task.communeCode}</td>
                      <td>
                        {task.findings.filter((f) => f.passed).length}/{task.findings.length} {t('officer.findingOk')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Show>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (dossierId.trim()) route(`/portal/dossiers/${encodeURIComponent(dossierId.trim())}`);
        }}
      >
        <TextField path="dossierId" label={t('dossiers.id')} value={dossierId} onInput={setDossierId} />
        <button type="submit" class="button button--secondary">
          {t('officer.open')}
        </button>
      </form>
    </>
  );
};

export const InboxPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('officer.inboxTitle')}</h1>
      <p>{t('officer.inboxIntro')}</p>
      <RequireAuth officer>{() => <Inbox />}</RequireAuth>
    </>
  );
};
