/**
 * A province that lets the platform approve every step whose checks pass (the shared cloud's AUTO_APPROVAL gives
 * this to one province): both groups complete without an officer, and a step whose evidence is missing still
 * waits for one.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readOutbox } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { findCommune } from '../../../shared/domain/admin-units/communes.ts';
import { addDays } from '../../../shared/domain/dates.ts';
import { testDocumentClient } from '../../support/clients.ts';
import {
  birthFamilies,
  birthRequest,
  type DeathCase,
  type DeathProcedure,
  DossierClient,
  daysAgo,
  deathCases,
  deathRequest,
  expectedTeValidUntil,
  officerCitizens,
  seededPopulation,
  taskId,
  waitFor,
  writeSubmittedBirthDossier,
} from '../../support/dossiers.ts';

const PROVINCE = inject('autoApprovalProvince');
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

const category = (d: DeathCase) => d.deceased.healthInsurance?.number.slice(0, 2) ?? 'none';
const deaths = deathCases(population, PROVINCE);
const insured = deaths.filter((d) => ['DN', 'HC', 'GD'].includes(category(d)));
const pensioners = deaths.filter((d) => category(d) === 'HT');
/** Everyone else, never with the social-protection (BT) card that evidences a welfare funeral allowance. */
const others = deaths.filter((d) => category(d) !== 'BT' && d !== insured[0] && d !== pensioners[0]);
const families = birthFamilies(population, PROVINCE);
const pick = (list: DeathCase[], index: number, what: string) => {
  const found = list[index];
  if (!found) throw new Error(`The seeded population of ${PROVINCE} has no ${what} death case ${index}`);
  return found;
};

const BASE_SALARY = 2_340_000;
const SOCIAL_ASSISTANCE_STANDARD = 500_000;

describe(`auto-approval province (${PROVINCE})`, () => {
  it('a birth group completes without any officer', async () => {
    const family = families[0];
    if (!family) throw new Error(`No family in ${PROVINCE}`);
    const request = birthRequest(family, { given: 'Quang', sex: 'male' });
    const id = await api.submitAccepted(family.applicant.pin, request);

    const done = await api.waitForStatus(id, family.applicant.pin, ['completed', 'rejected', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.steps.map((s) => [s.stepId, s.status, s.decidedBy, s.automatic])).toEqual([
      ['RegisterBirth', 'approved', 'system:auto-approval', true],
      ['RegisterPermanentResidence', 'approved', 'system:auto-approval', true],
      ['IssueChildHealthInsurance', 'approved', 'system:auto-approval', true],
    ]);
    expect(done.timeline.some((e) => e.kind === 'step-opened')).toBe(false);
    // The outcome's text is derived on read from the steps (dossierOf): it is the very message the citizen was sent.
    const sent = (await readOutbox(family.applicant.pin, { client: testDocumentClient(), tableName: 'Identity' })).map(
      (m) => m.text,
    );
    expect(done.outcome?.vi).toContain(done.documents.pin);
    expect(sent).toContain(done.outcome?.vi);
    expect(done.timeline.at(-1)).toMatchObject({
      kind: 'completed',
      text: { vi: done.outcome?.vi, en: done.outcome?.en },
    });
    const pin = done.documents.pin ?? '';
    const commune = family.applicant.permanentResidence.communeCode;
    expect(pin.slice(0, 3)).toBe(findCommune(commune)?.legacyProvinceCode);
    expect(done.documents.healthInsuranceCardNumber).toMatch(new RegExp(`^TE1${PROVINCE}${PROVINCE}\\d{8}$`));
    expect(done.documents.healthInsuranceValidUntil).toBe(expectedTeValidUntil(request.form.child.birthDate));
    expect(await api.citizen(pin)).toMatchObject({
      fullName: request.form.child.fullName,
      motherPin: family.mother.pin,
      householdId: family.applicant.householdId,
      relationToHead: 'child',
    });
  });

  const deathScenarios: [string, DeathCase, DeathProcedure[], 'insured' | 'pensioner' | undefined][] = [
    ['2 procedures (death, residence)', pick(others, 0, 'other'), [], undefined],
    [
      '3 procedures (+ funeral allowance of an insured person)',
      pick(insured, 0, 'insured'),
      ['funeral-allowance'],
      'insured',
    ],
    [
      '4 procedures (+ funeral allowance and survivor benefit of a pensioner)',
      pick(pensioners, 0, 'pensioner'),
      ['funeral-allowance', 'survivor-benefit'],
      'pensioner',
    ],
  ];

  it.each(deathScenarios)(
    'a death group with %s completes without any officer',
    async (_, death, alsoRequest, basis) => {
      const householdId = death.deceased.householdId ?? '';
      const id = await api.submitAccepted(
        death.applicant.pin,
        deathRequest(death, { alsoRequest, ...(basis ? { basis } : {}) }),
      );
      const done = await api.waitForStatus(id, death.applicant.pin, ['completed', 'rejected', 'failed']);
      expect(done.status).toBe('completed');
      const expectedSteps = [
        'RegisterDeath',
        'DeletePermanentResidence',
        'GrantFuneralAllowance',
        'GrantSurvivorBenefit',
      ].slice(0, 2 + alsoRequest.length);
      expect(done.steps.map((s) => [s.stepId, s.status, s.decidedBy])).toEqual(
        expectedSteps.map((stepId) => [stepId, 'approved', 'system:auto-approval']),
      );
      expect(done.documents.deathExtractNumber).toBe(`KT${id.slice(2)}`);
      if (alsoRequest.includes('funeral-allowance')) {
        expect(done.documents.funeralAllowance).toEqual({
          amountVnd: 10 * BASE_SALARY,
          payer: 'social-security',
          recipientPin: death.applicant.pin,
        });
      } else {
        expect(done.documents.funeralAllowance).toBeUndefined();
      }
      if (alsoRequest.includes('survivor-benefit'))
        expect(done.documents.survivorBenefitDecision).toBe(`TT${id.slice(2)}`);
      else expect(done.documents.survivorBenefitDecision).toBeUndefined();

      const record = await api.citizen(death.deceased.pin);
      expect(record).toMatchObject({
        status: 'deceased',
        deathDate: deathRequest(death).form.deathDate,
        permanentResidenceDeleted: { reason: 'death', dossierId: id, householdId },
      });
      expect(record?.householdId).toBeUndefined();
      const members = (await api.householdMembers(householdId)).map((m) => m.pin);
      expect(members).toContain(death.applicant.pin);
      expect(members).not.toContain(death.deceased.pin);
      // The deceased is no one's applicant any more: a second death dossier is refused.
      const again = await api.submit(death.applicant.pin, deathRequest(death, { alsoRequest }));
      expect(again.status).toBe(409);
    },
  );

  it("a social-protection beneficiary's funeral allowance is granted automatically by the welfare authority", async () => {
    const death = pick(others, 2, 'other');
    // The deceased was a social-protection beneficiary: their health-insurance card is category BT.
    const people = new PopulationStore(api.db, 'Population');
    const record = await people.getCitizen(death.deceased.pin);
    if (!record) throw new Error('the deceased is not in the table');
    const { version: _v, ...citizen } = record;
    const card = {
      number: `BT2${PROVINCE}${death.deceased.pin.slice(2)}`,
      validFrom: '2025-01-01',
      validUntil: '2026-12-31',
      facilityCode: `${PROVINCE}001`,
    };
    await people.updateCitizen(
      record,
      { ...citizen, healthInsurance: card },
      { actor: 'test', action: 'card-issued', at: new Date().toISOString() },
    );

    const id = await api.submitAccepted(
      death.applicant.pin,
      deathRequest(death, { alsoRequest: ['funeral-allowance'], basis: 'social-protection' }),
    );
    const done = await api.waitForStatus(id, death.applicant.pin, ['completed', 'rejected', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.steps.find((s) => s.stepId === 'GrantFuneralAllowance')).toMatchObject({
      agency: 'welfare',
      status: 'approved',
      decidedBy: 'system:auto-approval',
    });
    expect(done.documents.funeralAllowance).toEqual({
      amountVnd: 20 * SOCIAL_ASSISTANCE_STANDARD,
      payer: 'welfare',
      recipientPin: death.applicant.pin,
    });
    // The welfare authority's officers may look at the dossier they paid.
    const [officer] = officerCitizens(population, PROVINCE);
    const welfare = await api.officerToken(officer?.pin ?? '', {
      agency: 'welfare',
      role: 'officer',
      provinceCode: PROVINCE,
    });
    expect((await api.call(`/v1/dossiers/${id}`, welfare)).status).toBe(200);
  });

  it('a birth filed on its 60th day is on time even when its step is checked the next day', async () => {
    // Filed yesterday at noon (Vietnam) on day 60, its intake message delayed until today (e.g. a DLQ redrive).
    const filed = new Date(`${daysAgo(1)}T05:00:00.000Z`);
    const family = families[1] ?? families[0];
    if (!family) throw new Error(`No family in ${PROVINCE}`);
    const onTime = birthRequest(family, { given: 'Vinh', sex: 'male', birthDate: addDays(daysAgo(1), -60) });
    const late = birthRequest(family, { given: 'Vân', sex: 'female', birthDate: addDays(daysAgo(1), -61) });
    const ids = [
      await writeSubmittedBirthDossier(api.db, family, onTime, filed),
      await writeSubmittedBirthDossier(api.db, family, late, filed),
    ];
    for (const dossierId of ids) {
      await api.sqs.send(
        new SendMessageCommand({
          QueueUrl: `${inject('awsEndpoint')}/000000000000/p06-intake-${PROVINCE}`,
          MessageBody: JSON.stringify({ dossierId }),
        }),
      );
    }
    const [onTimeId, lateId] = ids as [string, string];
    const settled = await waitFor(async () => {
      const view = await api.view(onTimeId, family.applicant.pin);
      const waits = view.steps.some((s) => s.status === 'awaiting-officer');
      return view.status === 'completed' || waits ? view : undefined;
    }, 20_000);
    expect(settled.steps.find((s) => s.stepId === 'RegisterBirth')).toMatchObject({
      status: 'approved',
      automatic: true,
    });
    expect(settled.status).toBe('completed');
    // One day more is a late registration: the civil-status officer decides it.
    const waiting = await api.waitForStep(lateId, family.applicant.pin, 'RegisterBirth', 'awaiting-officer');
    expect(waiting.status).toBe('processing');
  });

  it('a funeral allowance without evidence of its basis waits for the welfare officer even here', async () => {
    const death = pick(others, 1, 'other');
    const id = await api.submitAccepted(
      death.applicant.pin,
      deathRequest(death, { alsoRequest: ['funeral-allowance'], basis: 'social-protection' }),
    );
    const step = taskId(id, 'GrantFuneralAllowance');
    const [officer] = officerCitizens(population, PROVINCE);
    const welfare = await api.officerToken(officer?.pin ?? '', {
      agency: 'welfare',
      role: 'officer',
      provinceCode: PROVINCE,
    });
    const socialSecurity = await api.officerToken(officer?.pin ?? '', {
      agency: 'social-security',
      role: 'officer',
      provinceCode: PROVINCE,
    });
    const task = await api.waitForTask(welfare, step);
    expect(task.agency).toBe('welfare');
    expect(task.findings.find((f) => f.check === 'basis-evidence')).toMatchObject({ passed: false });
    expect(task.findings.filter((f) => f.check !== 'basis-evidence').every((f) => f.passed)).toBe(true);
    const waiting = await api.view(id, death.applicant.pin);
    expect(waiting.status).toBe('processing');
    expect(waiting.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterDeath', 'approved'],
      ['DeletePermanentResidence', 'approved'],
      ['GrantFuneralAllowance', 'awaiting-officer'],
    ]);
    // A social-protection beneficiary's allowance is the welfare authority's, not VSS's.
    expect((await api.decide(socialSecurity, step, 'approve')).status).toBe(404);

    await api.approve(welfare, step);
    const done = await api.waitForStatus(id, death.applicant.pin, 'completed');
    expect(done.steps.find((s) => s.stepId === 'GrantFuneralAllowance')).toMatchObject({
      status: 'approved',
      decidedBy: officer?.pin,
    });
    expect(done.documents.funeralAllowance).toEqual({
      amountVnd: 20 * SOCIAL_ASSISTANCE_STANDARD,
      payer: 'welfare',
      recipientPin: death.applicant.pin,
    });
  });
});
