/**
 * `/portal/services/residence-confirmation`: one button, and the NPDB's numbered residence confirmation at once
 * (POST /v1/services/residence-confirmations), with the link and QR code anyone shown it verifies it by.
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { verifyUrl } from '../components/documents.tsx';
import { QrCode } from '../components/qr-code.tsx';
import { Alert, ErrorMessage } from '../components/status.tsx';
import { formatInstant } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';
import { SERVICE_LABELS } from './labels.ts';

interface Confirmation {
  readonly number: string;
  readonly verificationCode: string;
  readonly issuedAt: string;
  readonly statement: { vi: string; en: string };
}

const Request = () => {
  const { t, lang } = useI18n();
  const labels = SERVICE_LABELS[lang].residence;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [document, setDocument] = useState<Confirmation>();
  const inFlight = useRef(false);
  const request = async () => {
    if (inFlight.current) return; // a double click asks once
    inFlight.current = true;
    setBusy(true);
    setError(undefined);
    try {
      setDocument((await api<Confirmation>('/v1/services/residence-confirmations', { method: 'POST', body: {} })).body);
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  if (document) {
    const url = verifyUrl(document.number, document.verificationCode);
    return (
      <section class="card document">
        <div>
          <Alert kind="success">
            <span data-testid="confirmation-number">{labels.issued(document.number)}</span>
          </Alert>
          <p>{pick(document.statement, lang)}</p>
          <p>{formatInstant(document.issuedAt, lang)}</p>
          <a href={url}>{t('documents.verifyLink')}</a>
        </div>
        <QrCode text={url} label={t('documents.qr', { name: labels.document })} />
      </section>
    );
  }
  return (
    <section class="card">
      <p>{labels.intro}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <button type="button" class="button" disabled={busy} onClick={() => void request()}>
        {labels.request}
      </button>
    </section>
  );
};

export const ResidenceConfirmationPage = () => {
  const { lang } = useI18n();
  return (
    <>
      <h1>{SERVICE_LABELS[lang].residence.title}</h1>
      <RequireAuth level={2}>{() => <Request />}</RequireAuth>
    </>
  );
};
