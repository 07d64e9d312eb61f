/**
 * The documents a dossier has issued, each with a QR code. The e-birth certificate and the e-death extract carry
 * their own number and verification code; the PIN, the child's card and the allowance are facts of the same
 * dossier, so their QR opens the verification of the certificate that establishes them.
 */
import type { DossierView } from '../api/types.ts';
import { formatDate, formatMoney } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { QrCode } from './qr-code.tsx';

export const verifyUrl = (number: string, code: string) =>
  `${location.origin}/portal/verify?${new URLSearchParams({ number, code }).toString()}`;

const codeFrom = (dossier: DossierView, stepId: string): string | undefined => {
  const value = dossier.steps.find((s) => s.stepId === stepId)?.result?.verificationCode;
  return typeof value === 'string' ? value : undefined;
};

interface Item {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly verify?: string;
}

export const DocumentList = (props: { readonly dossier: DossierView }) => {
  const { t, lang } = useI18n();
  const d = props.dossier.documents;
  const birthCode = codeFrom(props.dossier, 'RegisterBirth');
  const deathCode = codeFrom(props.dossier, 'RegisterDeath');
  const birthVerify =
    d.birthCertificateNumber && birthCode ? verifyUrl(d.birthCertificateNumber, birthCode) : undefined;
  const deathVerify = d.deathExtractNumber && deathCode ? verifyUrl(d.deathExtractNumber, deathCode) : undefined;
  const items: Item[] = [];
  if (d.birthCertificateNumber)
    items.push({
      key: 'birthCertificateNumber',
      label: t('documents.birthCertificateNumber'),
      value: d.birthCertificateNumber,
      verify: birthVerify,
    });
  if (d.pin) items.push({ key: 'pin', label: t('documents.pin'), value: d.pin, verify: birthVerify });
  if (d.healthInsuranceCardNumber)
    items.push({
      key: 'healthInsuranceCardNumber',
      label: t('documents.healthInsuranceCardNumber'),
      value: `${d.healthInsuranceCardNumber}${d.healthInsuranceValidUntil ? ` (${t('home.validUntil', { date: formatDate(d.healthInsuranceValidUntil, lang) })})` : ''}`,
      verify: birthVerify,
    });
  if (d.deathExtractNumber)
    items.push({
      key: 'deathExtractNumber',
      label: t('documents.deathExtractNumber'),
      value: d.deathExtractNumber,
      verify: deathVerify,
    });
  if (d.funeralAllowance)
    items.push({
      key: 'funeralAllowance',
      label: t('documents.funeralAllowance'),
      value: t('documents.amount', {
        amount: formatMoney(d.funeralAllowance.amountVnd, lang),
        payer: t(`officer.agencies.${d.funeralAllowance.payer}`),
      }),
      verify: deathVerify,
    });
  if (d.survivorBenefitDecision)
    items.push({
      key: 'survivorBenefitDecision',
      label: t('documents.survivorBenefitDecision'),
      value: d.survivorBenefitDecision,
      verify: deathVerify,
    });
  if (d.noticeNumber) {
    const code = codeFrom(props.dossier, 'ServiceDecision');
    items.push({
      key: 'noticeNumber',
      label: t('documents.noticeNumber'),
      value: d.noticeNumber,
      ...(code ? { verify: verifyUrl(d.noticeNumber, code) } : {}),
    });
  }
  if (items.length === 0) return <p>{t('dossiers.noDocuments')}</p>;
  return (
    <ul class="documents">
      {items.map((item) => (
        <li class="document" key={item.key} data-document={item.key}>
          <div>
            <h3>{item.label}</h3>
            <p class="document-value">{item.value}</p>
            {item.verify ? (
              <a href={item.verify} data-verify={item.key}>
                {t('documents.verifyLink')}
              </a>
            ) : null}
          </div>
          {item.verify ? <QrCode text={item.verify} label={t('documents.qr', { name: item.label })} /> : null}
        </li>
      ))}
    </ul>
  );
};
