/**
 * Intake of the procedure groups (POST /v1/dossiers) on the shared local cloud: what is refused writes nothing,
 * and a submission is idempotent (one dossier, one workflow execution) however often it is sent. Province 37
 * keeps the repository's configuration, so accepted dossiers wait for officers and nothing else moves them.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findCommune } from '../../../shared/domain/admin-units/communes.ts';
import { addDays } from '../../../shared/domain/dates.ts';
import { composePin } from '../../../shared/domain/pin.ts';
import {
  type ApiResponse,
  birthFamilies,
  birthRequest,
  DossierClient,
  deathCases,
  deathRequest,
  officerCitizens,
  seededPopulation,
  today,
} from '../../support/dossiers.ts';

const PROVINCE = '37';
const population = seededPopulation(inject('seededCitizens'));
const families = birthFamilies(population, PROVINCE);
const withFather = families.filter((f) => f.father && f.applicant.pin === f.father.pin).slice(0, 2);
const others = families.filter((f) => !withFather.includes(f));
const [death] = deathCases(population, PROVINCE);
const [stranger] = officerCitizens(population, PROVINCE);
const api = new DossierClient();
afterAll(() => api.destroy());

const sixYearsAndADayAgo = () => {
  const [year, month, day] = today().split('-');
  return addDays(`${Number(year) - 6}-${month}-${day}`, -1);
};

describe('refused submissions', () => {
  const family = withFather[0];
  if (!family || !death || !stranger) throw new Error('The seeded population has no family, death or adult in 37');
  const applicant = family.applicant.pin;
  const birth = (form: Record<string, unknown> = {}, child: Record<string, unknown> = {}) => {
    const request = birthRequest(family, { given: 'Khang' }, form);
    return { ...request, form: { ...request.form, child: { ...request.form.child, ...child } } };
  };
  const unknownMother = composePin({ legacyProvinceCode: '037', sex: 'female', birthYear: 1995, serial: 999_001 });

  const cases: [string, () => Promise<ApiResponse>, number, RegExp][] = [
    ['without an Idempotency-Key', () => api.submit(applicant, birth(), { key: null }), 400, /Idempotency-Key/],
    [
      'with a 7-character Idempotency-Key',
      () => api.submit(applicant, birth(), { key: 'abc1234' }),
      400,
      /Idempotency-Key/,
    ],
    ['with a key holding a "/"', () => api.submit(applicant, birth(), { key: 'abcd/efgh-1' }), 400, /Idempotency-Key/],
    [
      'for an unknown group',
      () => api.submit(applicant, { group: 'marriage-group', form: birth().form }),
      400,
      /request body is not valid/,
    ],
    ['with a malformed PIN', () => api.submit(applicant, birth({ motherPin: '03719512345' })), 400, /12 digits/],
    [
      'for a child born tomorrow',
      () => api.submit(applicant, birth({}, { birthDate: addDays(today(), 1) })),
      400,
      /birth date is in the future/,
    ],
    [
      'for a child of 6',
      () => api.submit(applicant, birth({}, { birthDate: sixYearsAndADayAgo() })),
      422,
      /children under 6/,
    ],
    [
      'by someone who is not a parent',
      () => api.submit(stranger.pin, birth()),
      422,
      /Only the child's mother or father/,
    ],
    [
      // The answer a mother the NPDB holds but does not link to the father gets: no one learns whether a PIN was issued.
      'naming a mother the NPDB does not know',
      () => api.submit(applicant, birth({ motherPin: unknownMother })),
      422,
      /^The other parent must be your spouse or a member of your household in the NPDB/,
    ],
    [
      'by the deceased themselves',
      () => api.submit(death.deceased.pin, deathRequest(death)),
      400,
      /cannot register their own death/,
    ],
    [
      'for a death before the birth',
      () => api.submit(death.applicant.pin, deathRequest(death, { deathDate: addDays(death.deceased.birthDate, -1) })),
      400,
      /before the date of birth/,
    ],
    [
      'for a funeral allowance without a recipient',
      () => {
        const request = deathRequest(death);
        return api.submit(death.applicant.pin, {
          ...request,
          form: { ...request.form, alsoRequest: ['funeral-allowance'] },
        });
      },
      400,
      /request body is not valid/,
    ],
    ['with a level-1 token', () => api.submit(applicant, birth(), { level: 1 }), 403, /level-2/],
  ];

  it.each(cases)(
    'a submission %s is refused with a clear message and writes nothing',
    async (_, send, status, message) => {
      const before = await api.dossierItemCount();
      const response = await send();
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      const problems = (response.body.problems ?? []) as { message: string }[];
      expect([String(response.body.message), ...problems.map((p) => p.message)].join(' | ')).toMatch(message);
      expect(await api.dossierItemCount()).toBe(before);
      for (const pin of [applicant, stranger.pin, death.applicant.pin, death.deceased.pin]) {
        expect(await api.dossiersOf(pin)).toEqual([]);
      }
    },
  );
});

describe('idempotent intake', () => {
  it('a replay with the same key and body answers 202 with the same dossier: one dossier, one execution', async () => {
    const family = others[0];
    if (!family) throw new Error('no family');
    const request = birthRequest(family, { given: 'Lâm', sex: 'male' });
    const key = `replay-${crypto.randomUUID()}`;

    const first = await api.submit(family.applicant.pin, request, { key });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const id = String(first.body.id);
    expect(id).toMatch(/^HS37-\d{8}-[A-Z2-9]{10}$/);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.headers.get('location')).toBe(`/v1/dossiers/${id}`);
    expect(first.body).toMatchObject({
      group: 'birth-group',
      status: 'submitted',
      provinceCode: PROVINCE,
      communeCode: family.applicant.permanentResidence.communeCode,
      steps: ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'],
    });
    expect(findCommune(String(first.body.communeCode))?.provinceCode).toBe(PROVINCE);
    expect(String(first.body.expectedBy) >= String(first.body.receiptDate)).toBe(true);

    const replay = await api.submit(family.applicant.pin, request, { key });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(id);

    // The workflow starts and reaches the officers; still one dossier and one execution.
    await api.waitForStep(id, family.applicant.pin, 'RegisterBirth', 'awaiting-officer');
    expect((await api.dossiersOf(family.applicant.pin)).map((d) => d.id)).toEqual([id]);
    const executions = await api.executions('BirthGroup', id);
    expect(executions.map((e) => e.status)).toEqual(['RUNNING']);

    const mine = await api.call('/v1/me/dossiers', await api.citizenToken(family.applicant.pin));
    expect((mine.body.dossiers as { id: string; status: string }[]).map((d) => [d.id, d.status])).toEqual([
      [id, 'processing'],
    ]);
  });

  it('reusing a key for another application is 422, and applying again for the same birth is 409', async () => {
    const family = withFather[1];
    if (!family?.father) throw new Error('no family with a father at its head');
    const key = `reuse-${crypto.randomUUID()}`;
    const request = birthRequest(family, { given: 'Nguyên', sex: 'female' });
    const id = await api.submitAccepted(family.applicant.pin, request, key);

    const other = birthRequest(family, { given: 'Như', sex: 'female' });
    const reused = await api.submit(family.applicant.pin, other, { key });
    expect(reused.status).toBe(422);
    expect(String(reused.body.message)).toMatch(/Idempotency-Key was already used for a different dossier/);

    // The mother applies for the same child with her own key: the birth already has a dossier.
    const again = await api.submit(family.mother.pin, request);
    expect(again.status).toBe(409);
    expect(String(again.body.message)).toContain(id);

    expect((await api.dossiersOf(family.applicant.pin)).map((d) => d.id)).toEqual([id]);
    expect(await api.dossiersOf(family.mother.pin)).toEqual([]);
    await api.waitForStep(id, family.applicant.pin, 'RegisterBirth', 'awaiting-officer');
    expect(await api.executions('BirthGroup', id)).toHaveLength(1);
  });

  it('20 identical submissions sent at once with one key make one dossier and one execution', async () => {
    const family = others[1];
    if (!family) throw new Error('no family');
    const request = birthRequest(family, { given: 'Phong', sex: 'male' });
    const key = `burst-${crypto.randomUUID()}`;

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.submit(family.applicant.pin, request, { key })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const id = String(responses[0]?.body.id);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);

    await api.waitForStep(id, family.applicant.pin, 'RegisterBirth', 'awaiting-officer');
    expect((await api.dossiersOf(family.applicant.pin)).map((d) => d.id)).toEqual([id]);
    expect(await api.executions('BirthGroup', id)).toHaveLength(1);
    const received = (await api.outbox(family.applicant.pin)).filter((m) => m.text.includes(`${id} (`));
    expect(received).toHaveLength(1);
    const view = await api.view(id, family.applicant.pin);
    expect(view.timeline.filter((e) => e.kind === 'submitted')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.kind === 'started')).toHaveLength(1);
  });
});
