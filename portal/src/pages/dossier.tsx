/** One dossier: status, expected date, each step with its agency and decision, documents with QR codes, timeline. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { DossierView } from '../api/types.ts';
import type { SignedInUser } from '../auth/session.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { DocumentList } from '../components/documents.tsx';
import { PaymentCard } from '../components/payment.tsx';
import { Alert, Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatDate, formatInstant } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';
import { ResumeGroup, resumableStep } from '../officer/resume.tsx';
import { RevokeDeath } from '../officer/revoke.tsx';

/** While the agencies work, the page refreshes itself this often. */
const POLL_MS = 2_000;
const isOpen = (status: string) => status === 'submitted' || status === 'processing';

/** `canPay`: the citizen's own view offers the payment button; the officer's shows the fee and receipt only. */
export const DossierDetails = (props: { readonly dossier: DossierView; readonly canPay?: boolean }) => {
  const { t, lang } = useI18n();
  const d = props.dossier;
  return (
    <>
      <section class="card" aria-labelledby="summary">
        <h2 id="summary">{pick(d.title, lang)}</h2>
        <dl class="facts">
          <dt>{t('dossiers.id')}</dt>
          <dd>
            <code>{d.id}</code>
          </dd>
          <dt>{t('dossiers.status')}</dt>
          <dd>
            <span class={`badge badge--${d.status}`} data-testid="dossier-status" data-status={d.status}>
              {t(`dossiers.statuses.${d.status}`)}
            </span>
          </dd>
          <dt>{t('dossiers.receiptDate')}</dt>
          <dd>{formatDate(d.receiptDate, lang)}</dd>
          <dt>{t('dossiers.expectedBy')}</dt>
          <dd>{formatDate(d.expectedBy, lang)}</dd>
          {d.outcome ? (
            <>
              <dt>{t('dossiers.outcome')}</dt>
              <dd>{pick(d.outcome, lang)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <PaymentCard dossier={d} canPay={props.canPay === true} />
      <section class="card" aria-labelledby="documents">
        <h2 id="documents">{t('dossiers.documents')}</h2>
        <DocumentList dossier={d} />
      </section>
      <section class="card" aria-labelledby="steps">
        <h2 id="steps">{t('dossiers.steps')}</h2>
        <TableScroll label={t('dossiers.steps')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('officer.step')}</th>
                <th scope="col">{t('dossiers.agency')}</th>
                <th scope="col">{t('dossiers.decision')}</th>
                <th scope="col">{t('dossiers.decidedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {d.steps.map((step) => (
                <tr key={step.stepId} data-step={step.stepId} data-step-status={step.status}>
                  <td>{pick(step.title, lang)}</td>
                  <td>{t(`officer.agencies.${step.agency}`)}</td>
                  <td>
                    {t(`dossiers.stepStatuses.${step.status}`)}
                    {step.automatic ? ` (${t('dossiers.automatic')})` : ''}
                    {step.reason ? <p class="reason">{step.reason}</p> : null}
                    {step.dueDate && !step.decidedAt ? (
                      <span class="muted"> · {t('dossiers.due', { date: formatDate(step.dueDate, lang) })}</span>
                    ) : null}
                  </td>
                  <td>{formatInstant(step.decidedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section class="card" aria-labelledby="timeline">
        <h2 id="timeline">{t('dossiers.timeline')}</h2>
        <ol class="timeline">
          {d.timeline.map((event, i) => (
            <li key={i}>
              <time dateTime={event.at}>{formatInstant(event.at, lang)}</time> {pick(event.text, lang)}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
};

const Dossier = (props: { readonly id: string; readonly user: SignedInUser }) => {
  const dossier = useResource(
    async () => (await api<DossierView>(`/v1/dossiers/${encodeURIComponent(props.id)}`)).body,
    [props.id],
  );
  const status = dossier.data?.status;
  useEffect(() => {
    if (!status || !isOpen(status)) return;
    const timer = setTimeout(dossier.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [status, dossier.data, dossier.reload]);
  const { t } = useI18n();
  const [revoked, setRevoked] = useState(false);
  const [resumed, setResumed] = useState(false);
  const civilStatus = props.user.officerRoles.some((r) => r.agency === 'civil-status');
  return (
    <Show resource={dossier}>
      {(d) => {
        const resumeFrom = resumableStep(d, props.user);
        return (
          <>
            {revoked ? <Alert kind="success">{t('officer.revokedDone')}</Alert> : null}
            {resumed ? <Alert kind="success">{t('officer.resumedDone')}</Alert> : null}
            <DossierDetails dossier={d} canPay />
            {resumeFrom ? (
              <ResumeGroup
                dossierId={d.id}
                step={resumeFrom}
                failed={d.status === 'failed'}
                onResumed={() => {
                  setResumed(true);
                  dossier.reload();
                }}
              />
            ) : null}
            {civilStatus && d.group === 'death-group' && d.documents.deathExtractNumber && d.status !== 'revoked' ? (
              <RevokeDeath
                dossierId={d.id}
                onRevoked={() => {
                  setRevoked(true);
                  dossier.reload();
                }}
              />
            ) : null}
          </>
        );
      }}
    </Show>
  );
};

export const DossierPage = (props: { readonly params?: { readonly id?: string } }) => {
  const { t } = useI18n();
  const id = props.params?.id ?? '';
  return (
    <>
      <h1>
        {t('dossiers.title')}: <code>{id}</code>
      </h1>
      <RequireAuth>{(user) => <Dossier id={id} user={user} />}</RequireAuth>
    </>
  );
};
