/**
 * Paying a dossier's fee at the local payment gateway as a citizen's browser would: ask the platform for the payment
 * page, open it, press Pay. The simulator sends the signed IPN before it redirects, so the dossier no longer waits
 * when this returns.
 */
import { readFileSync } from 'node:fs';
import { expect, inject } from 'vitest';
import type { DossierClient } from './dossiers.ts';

export const payDossier = async (api: DossierClient, dossierId: string, pin: string) => {
  const page = await api.call(`/v1/dossiers/${dossierId}/payment`, await api.citizenToken(pin), {
    method: 'POST',
    body: JSON.stringify({}),
  });
  expect(page.status, JSON.stringify(page.body)).toBe(201);
  const { paymentUrl, txnRef } = page.body as { paymentUrl: string; txnRef: string };
  expect((await fetch(paymentUrl)).status).toBe(200);
  const { tmnCode } = JSON.parse(readFileSync(inject('paymentTerminalFile'), 'utf8')) as { tmnCode: string };
  const pressed = await fetch(`${inject('paymentGatewayUrl')}/paymentv2/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tmnCode, txnRef, action: 'pay' }).toString(),
    redirect: 'manual',
  });
  expect(pressed.status).toBe(302);
  const view = (await api.view(dossierId, pin)) as { status: string };
  expect(view.status).not.toBe('awaiting-payment');
  return txnRef;
};
