/**
 * The fee of a dossier (lines, total, time to pay), the button that opens the payment gateway while the dossier
 * waits for its payment, and once paid the e-receipt (and any refund). The gateway's IPN records the payment; the
 * citizen comes back to this page through the gateway's return page. A fee waived on an exemption ground shows the
 * ground instead (docs/payments.md, "Fee exemptions").
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { DossierView, PaymentPage } from '../api/types.ts';
import { formatInstant, formatMoney } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';
import { Alert, ErrorMessage } from './status.tsx';
import { TableScroll } from './table-scroll.tsx';

/** A fee waived at intake: the ground, how it was established, the amount not charged (no payment step). */
const ExemptionCard = (props: { readonly exemption: NonNullable<DossierView['feeExemption']> }) => {
  const { t, lang } = useI18n();
  const { exemption } = props;
  return (
    <section class="card" aria-labelledby="payment" data-testid="fee-exemption">
      <h2 id="payment">{t('payment.title')}</h2>
      <p>
        <strong>{t('payment.exempted', { ground: pick(exemption.text, lang) })}</strong>
      </p>
      <dl class="facts">
        <dt>{t('payment.waived')}</dt>
        <dd data-testid="waived-total">{formatMoney(exemption.waived.amountVnd, lang)}</dd>
        <dt>{t('payment.legalBasis')}</dt>
        <dd>{exemption.legalBasis}</dd>
      </dl>
      {exemption.establishedBy === 'npdb' ? (
        <p>
          {t('payment.fromNpdb')}
          {exemption.fact ? ` (${pick(exemption.fact, lang)})` : ''}
        </p>
      ) : (
        <>
          <p>{t('payment.declared', { reference: exemption.evidenceReference ?? '—' })}</p>
          <Alert kind="info">{t('payment.declaredNote')}</Alert>
        </>
      )}
    </section>
  );
};

export const PaymentCard = (props: { readonly dossier: DossierView; readonly canPay: boolean }) => {
  const { t, lang } = useI18n();
  const [opening, setOpening] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const inFlight = useRef(false);
  const payment = props.dossier.payment;
  if (!payment) return props.dossier.feeExemption ? <ExemptionCard exemption={props.dossier.feeExemption} /> : null;
  const waiting = props.dossier.status === 'awaiting-payment';
  const payable = waiting && props.canPay;

  const pay = async () => {
    if (inFlight.current) return; // a double click asks once (the API would hand out the same page anyway)
    inFlight.current = true;
    setOpening(true);
    setFailure(undefined);
    try {
      // The same open page comes back while it lasts, so a second press or a retry starts no second payment.
      const { body } = await api<PaymentPage>(`/v1/dossiers/${encodeURIComponent(props.dossier.id)}/payment`, {
        method: 'POST',
        body: { locale: lang === 'vi' ? 'vn' : 'en' },
      });
      window.location.assign(body.paymentUrl);
    } catch (error) {
      setFailure(error);
      inFlight.current = false;
      setOpening(false);
    }
  };

  return (
    <section class="card" aria-labelledby="payment" data-testid="payment">
      <h2 id="payment">{t('payment.title')}</h2>
      <TableScroll label={t('payment.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('payment.item')}</th>
              <th scope="col">{t('payment.quantity')}</th>
              <th scope="col">{t('payment.unit')}</th>
              <th scope="col">{t('payment.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {payment.lines.map((line) => (
              <tr key={line.item}>
                <td>{pick(line.text, lang)}</td>
                <td>{line.quantity}</td>
                <td>{formatMoney(line.unitVnd, lang)}</td>
                <td>{formatMoney(line.amountVnd, lang)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t('payment.total')}
              </th>
              <td data-testid="payment-total">{formatMoney(payment.amountVnd, lang)}</td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      {waiting ? (
        <>
          <p>{t('payment.payBy', { time: formatInstant(payment.payBy, lang) })}</p>
          <p>{t('payment.waiting')}</p>
        </>
      ) : null}
      {payable ? (
        <>
          {failure ? <ErrorMessage error={failure} /> : null}
          <button type="button" class="button" onClick={pay} disabled={opening} aria-busy={opening}>
            {opening ? t('payment.paying') : t('payment.pay')}
          </button>
        </>
      ) : null}
      {props.dossier.status === 'expired' ? <Alert kind="warning">{t('payment.expired')}</Alert> : null}
      {payment.receipt ? (
        <dl class="facts" data-testid="receipt">
          <dt>{t('payment.receipt')}</dt>
          <dd>
            <code data-testid="receipt-number">{payment.receipt.number}</code>
          </dd>
          <dt>{t('payment.paidAt')}</dt>
          <dd>{formatInstant(payment.receipt.paidAt, lang)}</dd>
          <dt>{t('payment.scheduleVersion')}</dt>
          <dd>{payment.receipt.scheduleVersion}</dd>
        </dl>
      ) : null}
      {payment.refund ? (
        <Alert kind="info">
          {t('payment.refunded', {
            amount: formatMoney(payment.refund.amountVnd, lang),
            time: formatInstant(payment.refund.refundedAt, lang),
          })}
        </Alert>
      ) : null}
    </section>
  );
};
