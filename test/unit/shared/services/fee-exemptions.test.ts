import { describe, expect, it } from 'vitest';
import type { DossierFee } from '../../../../shared/dossiers/dossier.ts';
import type { ServiceProcedure } from '../../../../shared/dossiers/service-procedure.ts';
import { feeExemptionFindings } from '../../../../shared/dossiers/steps/service-decision.ts';
import { findService } from '../../../../shared/services/catalogue/index.ts';
import {
  ageOn,
  FEE_EXEMPTION_CHECK,
  resolveFeeExemption,
  withFeeExemption,
} from '../../../../shared/services/fee-exemptions.ts';
import * as z from '../../../../shared/validation/zod.ts';
import { PINS, serviceIntake, world } from '../dossiers/fixtures.ts';

const FEE: DossierFee = {
  amountVnd: 200_000,
  scheduleVersion: 'test',
  lines: [{ item: 'service-12', text: { vi: 'Phí', en: 'Fee' }, quantity: 1, unitVnd: 200_000, amountVnd: 200_000 }],
};

/** A service-12-like procedure (the catalogue's exemptions of 12 apply) whose rules set the fee, as 12's do. */
const procedure = (code: number): ServiceProcedure<{ purpose: string }> => ({
  code,
  agency: 'police',
  form: z.strictObject({ purpose: z.string() }),
  intake: async ({ applicant }) => ({
    communeCode: applicant.permanentResidence.communeCode,
    provinceCode: applicant.permanentResidence.provinceCode,
    parties: [],
    fee: FEE,
  }),
  rule: { check: async () => [], apply: async () => ({}) } as unknown as ServiceProcedure['rule'],
});
const ref = (code: number) => ({
  code,
  slug: `s-${code}`,
  name: { vi: 'Dịch vụ', en: 'Service' },
  dueWorkingDays: 10,
  feeVnd: 0,
});

const setup = () => {
  const w = world();
  const submit = serviceIntake(w);
  return { w, submit };
};

const required = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('missing');
  return value;
};

const exemptionsOf = (code: number) => findService(code)?.fee.exemptions ?? [];

describe('fee exemptions at intake', () => {
  it('waives the fee of an applicant the NPDB shows is 60 or over: no payment step, queued, recorded', async () => {
    const { w, submit } = setup();
    const result = await submit(procedure(12), ref(12), PINS.grandfather, { purpose: 'Xin việc làm' }, 'key-age');
    expect(result.dossier.status).toBe('submitted');
    expect(w.queue.sent).toHaveLength(1);
    const stored = await w.store.get(result.dossier.id);
    expect(stored?.payment).toBeUndefined();
    expect(stored?.feeExemption).toMatchObject({ id: 'elderly', establishedBy: 'npdb', waived: FEE });
    expect(stored?.feeExemption?.fact?.en).toBe('From the NPDB: aged 74');
    expect(feeExemptionFindings(required(stored))).toEqual([
      expect.objectContaining({ check: 'fee-exemption', passed: true }),
    ]);
  });

  it('charges an adult with no ground as before', async () => {
    const { submit } = setup();
    const result = await submit(procedure(12), ref(12), PINS.mother, { purpose: 'Xin việc làm' }, 'key-adult');
    expect(result.dossier.status).toBe('awaiting-payment');
  });

  it('waives a declared ground at intake and leaves the evidence to the officer (never auto-passed)', async () => {
    const { w, submit } = setup();
    const form = { purpose: 'Xin việc làm', feeExemption: { ground: 'disability', evidenceReference: 'KT-0012345' } };
    const result = await submit(procedure(12), ref(12), PINS.mother, form, 'key-declared');
    expect(result.dossier.status).toBe('submitted');
    const stored = await w.store.get(result.dossier.id);
    expect(stored?.payment).toBeUndefined();
    // The service's own rules read the form without the claim; the claim is on the dossier.
    expect(stored?.form).toEqual({ purpose: 'Xin việc làm' });
    expect(stored?.feeExemption).toMatchObject({
      id: 'disability',
      establishedBy: 'declaration',
      evidenceReference: 'KT-0012345',
      waived: { amountVnd: 200_000 },
    });
    const findings = feeExemptionFindings(required(stored));
    expect(findings).toEqual([expect.objectContaining({ check: FEE_EXEMPTION_CHECK, passed: false })]);
    expect(findings[0]?.detail).toContain('KT-0012345');
    // A retry with the same key and claim is the same dossier; the same key with another claim is refused.
    const replay = await submit(procedure(12), ref(12), PINS.mother, form, 'key-declared');
    expect(replay).toMatchObject({ replayed: true, dossier: { id: result.dossier.id } });
    const other = { ...form, feeExemption: { ground: 'poor-household', evidenceReference: 'HN-1' } };
    await expect(submit(procedure(12), ref(12), PINS.mother, other, 'key-declared')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field: 'header.Idempotency-Key' }],
    });
    expect(w.store.dossiers.size).toBe(1);
    expect(w.queue.sent).toHaveLength(1);
  });

  it.each([
    ['an unknown ground', 12, { ground: 'left-handed', evidenceReference: 'X-123' }, 'body.form.feeExemption.ground'],
    [
      'a ground only another service offers',
      12,
      { ground: 'orphan-under-18', evidenceReference: 'X-123' },
      'body.form.feeExemption.ground',
    ],
    [
      'a ground established by the NPDB',
      12,
      { ground: 'elderly', evidenceReference: 'X-123' },
      'body.form.feeExemption.ground',
    ],
    [
      'a service with no grounds to declare',
      4,
      { ground: 'disability', evidenceReference: 'X-123' },
      'body.form.feeExemption.ground',
    ],
    ['no evidence reference', 12, { ground: 'disability' }, 'body.form.feeExemption.evidenceReference'],
    [
      'a blank evidence reference',
      12,
      { ground: 'disability', evidenceReference: '  ' },
      'body.form.feeExemption.evidenceReference',
    ],
    ['a claim that is not an object', 12, 'disability', 'body.form.feeExemption'],
  ])('refuses %s with a 422 naming the field, writing nothing', async (_name, code, claim, field) => {
    const { w, submit } = setup();
    const form = { purpose: 'Xin việc làm', feeExemption: claim };
    await expect(submit(procedure(code), ref(code), PINS.mother, form, 'key-bad')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field }],
    });
    expect(w.store.dossiers.size).toBe(0);
    expect(w.store.idempotency.size).toBe(0);
    expect(w.store.outbox).toEqual([]);
    expect(w.queue.sent).toEqual([]);
  });
});

describe('resolveFeeExemption', () => {
  const base = { exemptions: exemptionsOf(12), today: '2026-11-23', claim: undefined, fee: FEE };
  it('applies the age grounds at their bounds', () => {
    expect(resolveFeeExemption({ ...base, applicant: { birthDate: '2010-11-24' } })?.id).toBe('child');
    expect(resolveFeeExemption({ ...base, applicant: { birthDate: '2010-11-23' } })).toBeUndefined();
    expect(resolveFeeExemption({ ...base, applicant: { birthDate: '1966-11-23' } })?.id).toBe('elderly');
    expect(resolveFeeExemption({ ...base, applicant: { birthDate: '1966-11-24' } })).toBeUndefined();
  });
  it('prefers the NPDB over a declaration, and waives nothing when nothing is due', () => {
    const claim = { ground: 'poor-household', evidenceReference: 'HN-2026-1' };
    const elderly = resolveFeeExemption({ ...base, claim, applicant: { birthDate: '1950-01-01' } });
    expect(elderly).toMatchObject({ id: 'elderly', establishedBy: 'npdb' });
    expect(resolveFeeExemption({ ...base, claim, fee: undefined, applicant: { birthDate: '1990-01-01' } })).toBe(
      undefined,
    );
  });
  it('counts whole years', () => {
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
    expect(ageOn('2020-02-29', '2026-03-01')).toBe(6);
  });
});

describe('withFeeExemption', () => {
  const form = z.strictObject({ purpose: z.string() });
  it('adds the optional claim to a service that offers grounds to declare, with those grounds only', () => {
    const schema = withFeeExemption(exemptionsOf(12), form);
    expect(schema.safeParse({ purpose: 'x' }).success).toBe(true);
    expect(
      schema.safeParse({ purpose: 'x', feeExemption: { ground: 'disability', evidenceReference: 'KT-1' } }).success,
    ).toBe(true);
    const bad = schema.safeParse({ purpose: 'x', feeExemption: { ground: 'elderly', evidenceReference: 'KT-1' } });
    expect(bad.error?.issues[0]?.path).toEqual(['feeExemption', 'ground']);
    const missing = schema.safeParse({ purpose: 'x', feeExemption: { ground: 'disability' } });
    expect(missing.error?.issues[0]?.path).toEqual(['feeExemption', 'evidenceReference']);
  });
  it('leaves the form of a service without declarable grounds as it is', () => {
    expect(withFeeExemption(exemptionsOf(4), form)).toBe(form);
  });
});

describe('the catalogue', () => {
  it('offers the declared grounds of services 2 and 12 and the age grounds of 12', () => {
    const kinds = (code: number) => exemptionsOf(code).map((e) => `${e.id}:${e.establishedBy.kind}`);
    expect(kinds(2)).toEqual([
      'online-half-fee:described',
      'poor-household:declaration',
      'revolution-merit:declaration',
      'orphan-under-18:declaration',
    ]);
    expect(kinds(12)).toEqual([
      'child:npdb',
      'elderly:npdb',
      'disability:declaration',
      'poor-household:declaration',
      'revolution-merit:declaration',
    ]);
  });
});
