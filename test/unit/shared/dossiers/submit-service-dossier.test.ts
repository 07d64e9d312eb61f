import { describe, expect, it } from 'vitest';
import type { ServiceProcedure } from '../../../../shared/dossiers/service-procedure.ts';
import * as z from '../../../../shared/validation/zod.ts';
import { NOW, PINS, serviceIntake, world } from './fixtures.ts';

/** A one-step service of the commune police where the applicant lives (enough for intake). */
const procedure: ServiceProcedure<{ note: string }> = {
  code: 4,
  agency: 'police',
  form: z.strictObject({ note: z.string() }),
  intake: async ({ applicant }) => ({
    communeCode: applicant.permanentResidence.communeCode,
    provinceCode: applicant.permanentResidence.provinceCode,
    parties: [],
    subject: `service-4#${applicant.pin}`,
  }),
  rule: { check: async () => [], apply: async () => ({}) } as unknown as ServiceProcedure['rule'],
};
const service = (feeVnd: number) => ({
  code: 4,
  slug: 'temporary-residence-registration',
  name: { vi: 'Đăng ký tạm trú', en: 'Temporary residence registration' },
  dueWorkingDays: 3,
  feeVnd,
});

const setup = () => {
  const w = world();
  const submit = serviceIntake(w);
  return { w, submit };
};

describe('submitServiceDossier with a fee', () => {
  it('holds a dossier with a fee for payment: fee line, time to pay, a message, nothing queued', async () => {
    const { w, submit } = setup();
    const result = await submit(procedure, service(7_000), PINS.mother, { note: 'x' }, 'key-fee');
    expect(result.dossier.status).toBe('awaiting-payment');
    expect(w.queue.sent).toEqual([]);
    const stored = await w.store.get(result.dossier.id);
    expect(stored?.payment).toEqual({
      amountVnd: 7_000,
      scheduleVersion: expect.any(String),
      lines: [
        {
          item: 'service-4',
          text: service(0).name,
          quantity: 1,
          unitVnd: 7_000,
          amountVnd: 7_000,
        },
      ],
      payBy: new Date(NOW.getTime() + 60 * 60_000).toISOString(),
    });
    expect(w.store.outbox[0]?.notification.text).toContain('7.000');
    // A retry with the same key answers the same dossier and still queues nothing.
    const replay = await submit(procedure, service(7_000), PINS.mother, { note: 'x' }, 'key-fee');
    expect(replay).toMatchObject({ replayed: true, dossier: { id: result.dossier.id, status: 'awaiting-payment' } });
    expect(w.queue.sent).toEqual([]);
  });

  it('starts a free service at once: submitted and queued, no payment', async () => {
    const { w, submit } = setup();
    const result = await submit(procedure, service(0), PINS.mother, { note: 'x' }, 'key-free');
    expect(result.dossier.status).toBe('submitted');
    expect(w.queue.sent).toEqual([{ provinceCode: '01', message: { dossierId: result.dossier.id } }]);
    expect((await w.store.get(result.dossier.id))?.payment).toBeUndefined();
  });
});
