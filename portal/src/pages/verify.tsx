/**
 * The public verification page a document's QR code opens: whether the document is genuine, whether it was
 * revoked, and what it certifies; nothing more. No sign-in.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, api } from '../api/client.ts';
import type { VerifiedDocument } from '../api/types.ts';
import { TextField } from '../components/fields.tsx';
import { Alert, ErrorMessage, Loading, useResource } from '../components/status.tsx';
import { formatInstant } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';

const Result = (props: { readonly number: string; readonly code: string }) => {
  const { t, lang } = useI18n();
  const result = useResource(
    async () =>
      (
        await api<VerifiedDocument>(
          `/v1/documents/${encodeURIComponent(props.number)}?code=${encodeURIComponent(props.code)}`,
          {
            auth: false,
          },
        )
      ).body,
    [props.number, props.code],
  );
  if (result.loading) return <Loading />;
  if (result.error instanceof ApiError && (result.error.status === 404 || result.error.status === 400)) {
    return (
      <Alert kind="error">
        <p data-testid="verify-result" data-valid="unknown">
          {t('verify.notFound')}
        </p>
      </Alert>
    );
  }
  if (result.error || !result.data) return <ErrorMessage error={result.error} onRetry={result.reload} />;
  const doc = result.data;
  const typeName = t(`verify.types.${doc.type}`, { defaultValue: doc.type });
  return (
    <section class={`card verify verify--${doc.valid ? 'valid' : 'revoked'}`} aria-live="polite">
      <h2 data-testid="verify-result" data-valid={String(doc.valid)}>
        {doc.valid ? `✓ ${t('verify.genuine')}` : `✗ ${t('verify.revoked')}`}
      </h2>
      {doc.revokedAt ? <p>{t('verify.revokedAt', { date: formatInstant(doc.revokedAt, lang) })}</p> : null}
      <dl class="facts">
        <dt>{t('verify.number')}</dt>
        <dd>{doc.number}</dd>
        <dt>{t('verify.type')}</dt>
        <dd>{typeName}</dd>
        <dt>{t('verify.issuedAt')}</dt>
        <dd>{formatInstant(doc.issuedAt, lang)}</dd>
        {doc.statement ? (
          <>
            <dt>{t('verify.certifies')}</dt>
            <dd>{pick(doc.statement, lang)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
};

export const VerifyPage = () => {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const [number, setNumber] = useState(query.number ?? '');
  const [code, setCode] = useState(query.code ?? '');
  return (
    <>
      <h1>{t('verify.title')}</h1>
      {query.number && query.code ? <Result number={query.number} code={query.code} /> : null}
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          route(`/portal/verify?${new URLSearchParams({ number: number.trim(), code: code.trim() }).toString()}`);
        }}
      >
        <p>{t('verify.intro')}</p>
        <TextField path="number" label={t('verify.number')} value={number} onInput={setNumber} />
        <TextField path="code" label={t('verify.code')} value={code} maxLength={12} onInput={setCode} />
        <button type="submit" class="button">
          {t('verify.check')}
        </button>
      </form>
    </>
  );
};
