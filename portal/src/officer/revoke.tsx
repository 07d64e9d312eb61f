/** A civil-status officer revokes a registered death: the NPDB restores the citizen; the extract is revoked. */
import { useI18n } from '../i18n/i18n.ts';
import { ReasonAction } from './reason-action.tsx';

export const RevokeDeath = (props: { readonly dossierId: string; readonly onRevoked: () => void }) => {
  const { t } = useI18n();
  return (
    <ReasonAction
      id="revoke"
      title={t('officer.revokeTitle')}
      intro={t('officer.revokeIntro')}
      reasonLabel={t('officer.revokeReason')}
      submitLabel={t('officer.revoke')}
      danger
      minLength={10}
      path={`/v1/officer/dossiers/${encodeURIComponent(props.dossierId)}/revocation`}
      onDone={props.onRevoked}
    />
  );
};
