import { describe, expect, it } from 'vitest';
import type { OfficerRole, Principal } from '../../../../shared/auth/principal.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';
import { GROUPS } from '../../../../shared/dossiers/catalogue.ts';
import { openHumanStep } from '../../../../shared/dossiers/run-step.ts';
import { listMyDossiers, viewDossier } from '../../../../shared/dossiers/view-dossier.ts';
import { memoryAccessLog } from '../../../support/memory-ports.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  deathForm,
  FAMILY,
  PINS,
  world,
} from './fixtures.ts';

const citizen = (pin: string, officerRoles: OfficerRole[] = [], level: 1 | 2 = 2): Principal => ({
  kind: 'citizen',
  pin,
  level,
  clientId: 'portal',
  // As the portal's tokens: `officer` (with the roles) only for officers.
  scopes: officerRoles.length > 0 ? ['citizen', 'officer'] : ['citizen'],
  officerRoles,
});

const opened = async () => {
  const w = world();
  w.store.seed(birthDossier());
  w.auto.approves = (_p, step) => step === 'RegisterBirth';
  const open = openHumanStep(w.deps);
  await open({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterBirth', taskToken: 't1' });
  await open({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterPermanentResidence', taskToken: 't2' });
  return w;
};

describe('viewDossier', () => {
  it('shows the applicant every step of the group in order, with who decided and the timeline', async () => {
    const w = await opened();
    const view = await viewDossier({ store: w.store })(citizen(PINS.mother, [], 1), BIRTH_DOSSIER_ID);
    expect(view).toMatchObject({
      id: BIRTH_DOSSIER_ID,
      group: 'birth-group',
      title: GROUPS['birth-group'].title,
      status: 'processing',
      handledBy: { provinceCode: '01', communeCode: '00070' },
      documents: { birthCertificateNumber: 'KS01-20261123-ABCDEFGHJK' },
    });
    expect(view.steps.map((s) => [s.stepId, s.status, s.agency])).toEqual([
      ['RegisterBirth', 'approved', 'civil-status'],
      ['RegisterPermanentResidence', 'awaiting-officer', 'police'],
      ['IssueChildHealthInsurance', 'pending', 'social-security'],
    ]);
    expect(view.steps[0]).toMatchObject({ automatic: true, decidedBy: 'system:auto-approval' });
    expect(view.steps[1]).toMatchObject({ dueDate: '2026-11-24' });
    expect(view.timeline.map((e) => e.kind)).toEqual(['step-approved', 'step-opened']);
  });

  it('shows the applicant nothing with a token for officer work only, and the officer with both scopes', async () => {
    const w = await opened();
    const view = viewDossier({ store: w.store });
    const mother = citizen(PINS.mother);
    await expect(view({ ...mother, scopes: ['officer'] }, BIRTH_DOSSIER_ID)).rejects.toThrow(NotFoundError);
    await expect(view({ ...mother, scopes: [] }, BIRTH_DOSSIER_ID)).rejects.toMatchObject({ scope: 'citizen' });
    const police = citizen(PINS.officer, [
      { agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00070' },
    ]);
    await expect(view({ ...police, scopes: ['officer'] }, BIRTH_DOSSIER_ID)).resolves.toMatchObject({
      id: BIRTH_DOSSIER_ID,
    });
  });

  it('shows it to an officer with jurisdiction over one of its steps', async () => {
    const w = await opened();
    const police = citizen(PINS.officer, [
      { agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00070' },
    ]);
    await expect(viewDossier({ store: w.store })(police, BIRTH_DOSSIER_ID)).resolves.toMatchObject({
      id: BIRTH_DOSSIER_ID,
    });
  });

  it("records an officer's read in the access log of everyone in the dossier, and not the applicant's own", async () => {
    const w = await opened();
    const log = memoryAccessLog();
    const police = citizen(PINS.officer, [
      { agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00070' },
    ]);
    await viewDossier({ store: w.store, accessLog: log.recorder })(police, BIRTH_DOSSIER_ID, 'req-1');
    // The parents, and the child, whose PIN the approved birth registration issued.
    const child = String((await w.store.get(BIRTH_DOSSIER_ID))?.documents.pin);
    expect(log.entries.map((e) => e.subjectPin).sort()).toEqual([PINS.father, PINS.mother, child].sort());
    expect(log.entries[0]).toMatchObject({
      accessor: { type: 'officer', id: PINS.officer, agency: 'police' },
      purpose: 'officer-dossier-review',
      outcome: 'granted',
      requestId: 'req-1',
    });
    const before = log.entries.length;
    await viewDossier({ store: w.store, accessLog: log.recorder })(citizen(PINS.mother), BIRTH_DOSSIER_ID);
    expect(log.entries).toHaveLength(before);
  });

  it('answers 404 to anyone else, and for an unknown dossier', async () => {
    const w = await opened();
    const view = viewDossier({ store: w.store });
    await expect(view(citizen(PINS.stranger), BIRTH_DOSSIER_ID)).rejects.toBeInstanceOf(NotFoundError);
    const elsewhere = citizen(PINS.officer, [
      { agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00082' },
    ]);
    await expect(view(elsewhere, BIRTH_DOSSIER_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(view(citizen(PINS.mother), 'HS01-20261123-ZZZZZZZZZZ')).rejects.toBeInstanceOf(NotFoundError);
    await expect(view(undefined, BIRTH_DOSSIER_ID)).rejects.toMatchObject({ httpStatus: 403 });
  });

  it('names the welfare authority on a social-protection funeral allowance waiting in its inbox', async () => {
    const w = world();
    const form = deathForm({ funeralAllowance: { basis: 'social-protection', recipientPin: PINS.father } });
    w.store.seed(deathDossier({}, form));
    await openHumanStep(w.deps)({ dossierId: DEATH_DOSSIER_ID, stepId: 'GrantFuneralAllowance', taskToken: 't' });
    const view = await viewDossier({ store: w.store })(citizen(PINS.father), DEATH_DOSSIER_ID);
    expect(view.steps.find((s) => s.stepId === 'GrantFuneralAllowance')?.agency).toBe('welfare');
  });

  // A step decided without being opened first (auto-approval) is stored without `agency`: the view derives it, so
  // an automatically granted social-protection funeral allowance shows the welfare authority, whose officers see it.
  it('names the welfare authority on an automatically granted social-protection funeral allowance', async () => {
    const card = {
      number: 'BT2010100000777',
      validFrom: '2012-07-01',
      validUntil: '2099-12-31',
      facilityCode: '01001',
    };
    const w = world(
      FAMILY.map((c) =>
        c.pin === PINS.grandfather
          ? { ...c, healthInsurance: card, status: 'deceased' as const, deathDate: '2026-11-20' }
          : c,
      ),
    );
    const form = deathForm({ funeralAllowance: { basis: 'social-protection', recipientPin: PINS.father } });
    w.store.seed(deathDossier({}, form));
    w.auto.approves = () => true;
    expect(
      await openHumanStep(w.deps)({ dossierId: DEATH_DOSSIER_ID, stepId: 'GrantFuneralAllowance', taskToken: 't' }),
    ).toMatchObject({ status: 'approved' });
    const view = await viewDossier({ store: w.store })(citizen(PINS.father), DEATH_DOSSIER_ID);
    expect(view.steps.find((s) => s.stepId === 'GrantFuneralAllowance')?.agency).toBe('welfare');
    const welfare = citizen(PINS.officer, [{ agency: 'welfare', role: 'officer', provinceCode: '01' }]);
    await expect(viewDossier({ store: w.store })(welfare, DEATH_DOSSIER_ID)).resolves.toBeDefined();
  });
});

describe('listMyDossiers', () => {
  it("lists only the caller's dossiers, newest first", async () => {
    const w = world();
    w.store.seed(birthDossier({ submittedAt: '2026-11-20T03:00:00.000Z' }));
    w.store.seed(deathDossier({ applicantPin: PINS.mother, submittedAt: '2026-11-22T03:00:00.000Z' }));
    w.store.seed(birthDossier({ id: 'HS01-20261123-OTHERAPPLY', applicantPin: PINS.stranger }));
    const { dossiers } = await listMyDossiers({ store: w.store })(citizen(PINS.mother, [], 1));
    expect(dossiers.map((d) => d.id)).toEqual([DEATH_DOSSIER_ID, BIRTH_DOSSIER_ID]);
    expect(Object.keys(dossiers[0] ?? {}).sort()).toEqual(
      ['documents', 'expectedBy', 'group', 'id', 'status', 'submittedAt', 'title'].sort(),
    );
    // The portal lists service dossiers too: each names its procedure in both languages.
    expect(dossiers[0]?.title.vi).toMatch(/khai tử/i);
    expect(dossiers[0]?.title.en).toMatch(/death/i);
  });
});
