/** Service 1: the NPDB confirms the old 9-digit ID number; the confirmation is verifiable by its QR code. */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { verifyUrl } from '../components/documents.tsx';
import { QrCode } from '../components/qr-code.tsx';
import { Alert, ErrorMessage } from '../components/status.tsx';
import { formatInstant } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';

interface Confirmation {
  readonly number: string;
  readonly verificationCode: string;
  readonly issuedAt: string;
  readonly statement: { vi: string; en: string };
}

const Request = () => {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [document, setDocument] = useState<Confirmation>();
  const request = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setDocument((await api<Confirmation>('/v1/services/old-id-confirmations', { method: 'POST', body: {} })).body);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (document) {
    const url = verifyUrl(document.number, document.verificationCode);
    return (
      <section class="card document">
        <div>
          <Alert kind="success">{t('oldId.issued', { number: document.number })}</Alert>
          <p>{pick(document.statement, lang)}</p>
          <p>{formatInstant(document.issuedAt, lang)}</p>
          <a href={url}>{t('documents.verifyLink')}</a>
        </div>
        <QrCode text={url} label={t('documents.qr', { name: t('documents.oldIdConfirmation') })} />
      </section>
    );
  }
  return (
    <section class="card">
      <p>{t('oldId.intro')}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <button type="button" class="button" disabled={busy} onClick={() => void request()}>
        {t('oldId.request')}
      </button>
    </section>
  );
};

export const OldIdPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('oldId.title')}</h1>
      <RequireAuth level={2}>{() => <Request />}</RequireAuth>
    </>
  );
};
