/**
 * An officer takes a failed or refused procedure group up again from the step that stopped it (docs/procedure-groups.md,
 * "Resuming a failed or refused group"): the approved steps are not applied again, so a child whose PIN was issued
 * keeps it. Offered to an officer of that step's agency; the API decides jurisdiction (404) and conflicts of interest
 * (403), which show on the card.
 */
import type { DossierView, StepView } from '../api/types.ts';
import type { SignedInUser } from '../auth/session.ts';
import { pick, useI18n } from '../i18n/i18n.ts';
import { ReasonAction } from './reason-action.tsx';

/** The step a resumption starts from, when the viewer may resume the dossier: the first one not approved. */
export const resumableStep = (dossier: DossierView, user: SignedInUser): StepView | undefined => {
  if (dossier.group === 'service' || (dossier.status !== 'failed' && dossier.status !== 'rejected')) return undefined;
  const step = dossier.steps.find((s) => s.status !== 'approved');
  return step && user.officerRoles.some((r) => r.agency === step.agency) ? step : undefined;
};

export const ResumeGroup = (props: {
  readonly dossierId: string;
  readonly step: StepView;
  readonly failed: boolean;
  readonly onResumed: () => void;
}) => {
  const { t, lang } = useI18n();
  return (
    <ReasonAction
      id="resume"
      title={t('officer.resumeTitle')}
      intro={t(props.failed ? 'officer.resumeIntroFailed' : 'officer.resumeIntroRefused', {
        step: pick(props.step.title, lang),
      })}
      reasonLabel={t('officer.resumeReason')}
      submitLabel={t('officer.resume')}
      minLength={10}
      path={`/v1/officer/dossiers/${encodeURIComponent(props.dossierId)}/resumption`}
      onDone={props.onResumed}
    />
  );
};
