import { dossierStore, onboardedProvinces } from '../../shared/lambda/dossier-deps.ts';
import { paymentDeps } from '../../shared/lambda/payment-deps.ts';
import { settlePayments } from '../../shared/payments/settle.ts';

const dossiers = dossierStore();

/** Scheduled: expires unpaid dossiers (after asking the gateway), and refunds what is due. */
export const handler = settlePayments({
  ...paymentDeps(),
  provinces: onboardedProvinces(),
  expire: (dossier, event, notifications) =>
    dossiers.moveStatus(dossier.id, ['awaiting-payment'], 'expired', event, {
      outcome: { ...event.text, at: event.at },
      notifications,
      releaseSubject: true,
    }),
});
