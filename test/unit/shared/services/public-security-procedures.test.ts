/**
 * The rules of services 2 (ID card renewal or re-issue) and 12 (criminal-record certificate): form and intake
 * refusals naming the field, the fee by case, and approvals applied once, in memory.
 */
import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { ConflictError, type DomainError } from '../../../../shared/domain/errors.ts';
import { createWorkingCalendar } from '../../../../shared/domain/working-days.ts';
import type { ServiceProcedure } from '../../../../shared/dossiers/service-procedure.ts';
import { findService } from '../../../../shared/services/catalogue/index.ts';
import {
  CriminalRecordForm,
  certificateNumber,
  criminalRecordCertificate,
  criminalRecordFee,
} from '../../../../shared/services/procedures/criminal-record.ts';
import {
  checkAppointment,
  checkCardRequest,
  IdCardForm,
  idCardFee,
  idCardRenewal,
} from '../../../../shared/services/procedures/id-card.ts';
import { FAMILY, FATHER, NOW, PINS, serviceDossier, serviceIntake, TODAY, world } from '../dossiers/fixtures.ts';

/** Monday 23 November 2026 is today; Saturday 28 and Sunday 29 are days off. */
const appointment = { date: '2026-11-24', slot: '09:30' };
const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).problems.map((p) => p.field);
  }
  throw new Error('not refused');
};
const zodPaths = (
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
) => (schema.safeParse(value).error?.issues ?? []).map((i) => i.path.join('.'));

const card = (overrides: Partial<NonNullable<Citizen['idCard']>> = {}) => ({
  number: PINS.father,
  issuedOn: '2021-04-01',
  expiresOn: '2028-01-20',
  status: 'valid' as const,
  ...overrides,
});

describe('service 2: the appointment and the request', () => {
  it('takes a working day from tomorrow to 30 days ahead, and a slot of the office', () => {
    expect(() => checkAppointment(appointment, TODAY)).not.toThrow();
    expect(() => checkAppointment({ date: '2026-12-23' }, TODAY)).not.toThrow();
    for (const date of [TODAY, '2026-11-20', '2026-12-24', '2026-11-28', '2026-11-29']) {
      expect(
        fieldsOf(() => checkAppointment({ date }, TODAY)),
        date,
      ).toEqual(['body.form.appointment.date']);
    }
    const closed = createWorkingCalendar({ holidays: ['2026-11-24'] });
    expect(fieldsOf(() => checkAppointment(appointment, TODAY, closed))).toEqual(['body.form.appointment.date']);
    expect(
      zodPaths(IdCardForm, { kind: 'renewal', reason: 'damaged', appointment: { ...appointment, slot: '12:00' } }),
    ).toEqual(['appointment.slot']);
  });

  it('refuses a reason that does not fit the kind, and any field the NPDB already holds', () => {
    expect(zodPaths(IdCardForm, { kind: 'reissue', reason: 'damaged', appointment })).toEqual(['reason']);
    expect(zodPaths(IdCardForm, { kind: 'renewal', reason: 'lost', appointment })).toEqual(['reason']);
    expect(zodPaths(IdCardForm, { kind: 'renewal', reason: 'age', appointment, fullName: 'X' })).toEqual(['']);
    expect(IdCardForm.safeParse({ kind: 'reissue', reason: 'lost', appointment }).success).toBe(true);
  });

  it('renews by age only from two years before the renewal age, and needs a valid card', () => {
    const age = { kind: 'renewal', reason: 'age', appointment } as IdCardForm;
    expect(() => checkCardRequest(card({ expiresOn: '2028-11-23' }), age, TODAY)).not.toThrow();
    expect(fieldsOf(() => checkCardRequest(card({ expiresOn: '2028-11-24' }), age, TODAY))).toEqual([
      'body.form.reason',
    ]);
    expect(fieldsOf(() => checkCardRequest(card({ expiresOn: undefined }), age, TODAY))).toEqual(['body.form.reason']);
    const damaged = { kind: 'renewal', reason: 'damaged', appointment } as IdCardForm;
    expect(() => checkCardRequest(card({ expiresOn: '2040-01-01' }), damaged, TODAY)).not.toThrow();
    expect(fieldsOf(() => checkCardRequest(undefined, damaged, TODAY))).toEqual(['body.form.kind']);
    expect(fieldsOf(() => checkCardRequest(card({ status: 'replaced' }), damaged, TODAY))).toEqual(['body.form.kind']);
  });

  it('charges by the reason: a renewal because of age is free, damage or changed information 50,000 đ, a re-issue 70,000 đ', () => {
    const fee = (kind: string, reason: string) => idCardFee({ kind, reason, appointment } as IdCardForm);
    const renewal = fee('renewal', 'damaged');
    expect(renewal.amountVnd).toBe(50_000);
    expect(renewal.amountVnd).toBe(findService(2)?.fee.amountVnd);
    expect(renewal.lines).toEqual([expect.objectContaining({ item: 'service-2', quantity: 1, unitVnd: 50_000 })]);
    expect(fee('renewal', 'changed-information').amountVnd).toBe(50_000);
    expect(fee('reissue', 'lost').amountVnd).toBe(70_000);
    expect(fee('renewal', 'age')).toMatchObject({ amountVnd: 0, lines: [] });
  });

  it('files a renewal because of age without a payment step; one for damage waits for its payment', async () => {
    const file = async (reason: string) => {
      const w = world(
        FAMILY.map((c) => (c.pin === PINS.father ? { ...c, idCard: card({ expiresOn: '2028-11-23' }) } : c)),
      );
      const submit = serviceIntake(w);
      const service = {
        code: 2,
        slug: 'id-card-reissue',
        name: { vi: 'CC', en: 'ID' },
        dueWorkingDays: 7,
        feeVnd: 50_000,
      };
      const form = { kind: 'renewal', reason, appointment };
      const { dossier } = await submit(idCardRenewal as unknown as ServiceProcedure, service, PINS.father, form, 'k1');
      return { stored: await w.store.get(dossier.id), sent: w.queue.sent.length };
    };
    const age = await file('age');
    expect(age.stored?.status).toBe('submitted');
    expect(age.stored?.payment).toBeUndefined();
    expect(age.sent).toBe(1);
    const damaged = await file('damaged');
    expect(damaged.stored?.status).toBe('awaiting-payment');
    expect(damaged.stored?.payment?.amountVnd).toBe(50_000);
    expect(damaged.sent).toBe(0);
  });
});

describe('service 2: approval records the new card once', () => {
  const withCard = FAMILY.map((c) => (c.pin === PINS.father ? { ...c, idCard: card() } : c));

  it.each([
    ['renewal', 'damaged', 'replaced', 'id-card-renewed'],
    ['reissue', 'lost', 'lost-invalidated', 'id-card-reissued'],
  ])('%s: the new card by the age rule, the old one %s, one history entry', async (kind, reason, oldStatus, action) => {
    const w = world(withCard);
    const dossier = serviceDossier(2, { kind, reason, appointment });
    const context = { dossier, now: NOW, deps: w.deps };
    expect(await idCardRenewal.rule.applied(context)).toBe(false);
    const first = await idCardRenewal.rule.apply(context, PINS.officer);
    const again = await idCardRenewal.rule.apply(context, PINS.officer);
    const record = w.population.citizens.get(PINS.father);
    // Born 1988-01-20, issued at 38, less than two years before 40: valid until 60.
    expect(record?.idCard).toEqual({
      number: PINS.father,
      issuedOn: TODAY,
      expiresOn: '2048-01-20',
      status: 'valid',
      dossierId: dossier.id,
    });
    expect(record?.previousIdCards).toEqual([{ ...card(), status: oldStatus, endedOn: TODAY, endedBy: dossier.id }]);
    expect(w.population.history.filter((h) => h.pin === PINS.father).map((h) => h.change.action)).toEqual([action]);
    expect(again.result).toEqual(first.result);
    expect(await idCardRenewal.rule.applied(context)).toBe(true);
  });

  it('refuses with a 409 and writes nothing when the card is no longer valid', async () => {
    const w = world(FAMILY.map((c) => (c.pin === PINS.father ? { ...c, idCard: card({ status: 'replaced' }) } : c)));
    const context = {
      dossier: serviceDossier(2, { kind: 'renewal', reason: 'damaged', appointment }),
      now: NOW,
      deps: w.deps,
    };
    await expect(idCardRenewal.rule.apply(context, PINS.officer)).rejects.toBeInstanceOf(ConflictError);
    expect(w.population.history).toEqual([]);
    expect(w.documents.documents.size).toBe(0);
  });

  it('never passes the in-person capture check, so an officer always decides', async () => {
    const w = world(withCard);
    const context = {
      dossier: serviceDossier(2, { kind: 'renewal', reason: 'damaged', appointment }),
      now: NOW,
      deps: w.deps,
    };
    const findings = await idCardRenewal.rule.check(context);
    expect(findings.filter((f) => !f.passed).map((f) => f.check)).toEqual(['captured-in-person']);
  });
});

describe('service 12: the criminal-record certificate', () => {
  const form = { certificateType: 2, purpose: 'Xin việc làm', copies: 3 };

  it('refuses the ban on holding office with a type 2 certificate, and bad copies or purpose', () => {
    expect(zodPaths(CriminalRecordForm, { ...form, includeOfficeBan: true })).toEqual(['includeOfficeBan']);
    expect(zodPaths(CriminalRecordForm, { ...form, copies: 0 })).toEqual(['copies']);
    expect(zodPaths(CriminalRecordForm, { ...form, certificateType: 3 })).toEqual(['certificateType']);
    expect(zodPaths(CriminalRecordForm, { ...form, purpose: 'x' })).toEqual(['purpose']);
    expect(zodPaths(CriminalRecordForm, { ...form, birthPlace: 'Hà Nội' })).toEqual(['']);
    expect(CriminalRecordForm.parse({ ...form, certificateType: 1 }).includeOfficeBan).toBe(false);
  });

  it('charges the catalogue fee, and 5,000 đ more per copy from the third', () => {
    const fee = (copies: number) => criminalRecordFee(CriminalRecordForm.parse({ ...form, copies }));
    expect([1, 2, 3, 5].map((copies) => fee(copies).amountVnd)).toEqual([200_000, 200_000, 205_000, 215_000]);
    expect(fee(5).lines.map((l) => [l.item, l.quantity, l.amountVnd])).toEqual([
      ['service-12', 1, 200_000],
      ['criminal-record-extra-copy', 3, 15_000],
    ]);
  });

  it('names the parents and spouse of a type 2 applicant as parties, none for type 1', async () => {
    const w = world();
    const intake = (certificateType: number) =>
      (criminalRecordCertificate as unknown as ServiceProcedure).intake({
        applicant: { ...FATHER, version: 1 },
        form: CriminalRecordForm.parse({ ...form, certificateType }),
        today: TODAY,
        population: w.population,
      });
    expect((await intake(2)).parties).toEqual([PINS.grandfather, PINS.mother]);
    expect(await intake(1)).toMatchObject({
      communeCode: '00070',
      provinceCode: '01',
      parties: [],
      subject: `criminal-record#${PINS.father}`,
      fee: { amountVnd: 205_000 },
    });
  });

  it("needs the officer's outcome, then issues one certificate stating the holder from the NPDB", async () => {
    const w = world();
    const dossier = serviceDossier(12, CriminalRecordForm.parse(form));
    const context = { dossier, now: NOW, deps: w.deps };
    const findings = await criminalRecordCertificate.rule.check(context);
    expect(findings.filter((f) => !f.passed).map((f) => f.check)).toEqual(['judicial-records-checked']);
    for (const note of [undefined, '  short ']) {
      const refusal = await criminalRecordCertificate.rule.apply(context, PINS.officer, note).catch((e) => e);
      expect(refusal.problems).toEqual([expect.objectContaining({ field: 'body.reason' })]);
    }
    expect(w.documents.documents.size).toBe(0);
    expect(await criminalRecordCertificate.rule.applied(context)).toBe(false);

    const first = await criminalRecordCertificate.rule.apply(context, PINS.officer, 'Không có án tích.');
    const again = await criminalRecordCertificate.rule.apply(context, PINS.officer, 'Không có án tích (lần 2).');
    expect(again.result).toEqual(first.result);
    expect(await criminalRecordCertificate.rule.applied(context)).toBe(true);
    const document = w.documents.documents.get(certificateNumber(dossier));
    expect(document).toMatchObject({
      type: 'criminal-record-certificate',
      subject: { pin: PINS.father, fullName: FATHER.fullName, birthDate: FATHER.birthDate },
      details: {
        certificateType: 2,
        record: 'Không có án tích.',
        copies: 3,
        holder: {
          fullName: FATHER.fullName,
          birthPlace: 'Hà Nội',
          residence: FATHER.permanentResidence.addressLine,
          father: 'Trần Văn Cường',
          mother: 'không rõ',
          spouse: 'Nguyễn Thị Hoa',
        },
      },
    });
    expect(w.population.history).toEqual([]);
  });
});
