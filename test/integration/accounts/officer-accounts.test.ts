/**
 * What officers do to accounts, through the API of the local cloud: level-2 activation and phone change by the
 * commune police with jurisdiction (recorded in the citizen's access log and the account's events), roles granted
 * and withdrawn by a supervisor; and the holder's own password change. Refusals write nothing.
 */
import { describe, expect, it } from 'vitest';
import { verifySecret } from '../../../shared/identity/passwords.ts';
import { citizenToken, officerToken } from '../../support/tokens.ts';
import { freshAccount } from '../identity/fixtures.ts';
import {
  accountlessAdult,
  accounts,
  call,
  e164,
  events,
  latestOf,
  newPhone,
  officer,
  outbox,
  police,
  post,
} from './fixtures.ts';

const checked = { chipChecked: true, faceChecked: true };

const accessLogOf = async (pin: string) => {
  const { body } = await call('/v1/me/access-log?limit=50', await citizenToken(pin, 1));
  return body.entries as Array<{ who: { kind: string }; purpose: string }>;
};

describe('level-2 activation at the commune police', () => {
  it('opens a level-2 account with the checks recorded and sends the set-password link to the phone given', async () => {
    const citizen = await accountlessAdult();
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const cop = await officer(police(provinceCode, communeCode));
    const phone = newPhone();
    const answer = await post(`/v1/officer/accounts/${citizen.pin}/level-2`, { ...checked, phone }, cop.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ pin: citizen.pin, level: 2, passwordSetupLinkSent: true });
    const account = await accounts.get(citizen.pin);
    expect(account).toMatchObject({
      level: 2,
      phone: e164(phone),
      level2: { activatedBy: cop.pin, checks: ['chip', 'face'] },
    });
    expect((await latestOf(citizen.pin, 'password-setup'))?.text).toMatch(/\/oidc\/set-password\?token=[\w-]{43}/);
    expect((await events.list(citizen.pin))[0]).toMatchObject({
      kind: 'level-2-activated',
      actor: { type: 'officer', pin: cop.pin },
    });
    expect((await accessLogOf(citizen.pin))[0]).toMatchObject({
      who: { kind: 'officer', agency: 'police' },
      purpose: 'eid-level-2-activation',
    });
  });

  it('raises an existing level-1 account without a new link', async () => {
    const pin = await freshAccount('Mat-khau-2026');
    const { PopulationStore } = await import('../../../shared/adapters/dynamodb/population-store.ts');
    const { documents } = await import('./fixtures.ts');
    const citizen = await new PopulationStore(documents, 'Population').getCitizen(pin);
    if (!citizen) throw new Error('no record');
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const cop = await officer(police(provinceCode)); // province-wide police
    const answer = await post(`/v1/officer/accounts/${pin}/level-2`, checked, cop.token);
    expect(answer.status).toBe(200);
    expect(answer.body.passwordSetupLinkSent).toBe(false);
    expect((await accounts.get(pin))?.level).toBe(2);
    expect(await latestOf(pin, 'password-setup')).toBeUndefined();
    expect(communeCode).toMatch(/^\d{5}$/);
  });

  it('refuses another commune as an unknown PIN (404), other agencies (403), missing checks (400); writes nothing', async () => {
    const citizen = await accountlessAdult();
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const otherCommune = String((Number(communeCode) + 3) % 100000).padStart(5, '0');
    const elsewhere = await officer(police(provinceCode, otherCommune));
    const otherProvince = await officer(police(provinceCode === '01' ? '79' : '01'));
    const civil = await officer({ agency: 'civil-status', role: 'officer', provinceCode, communeCode });
    const cop = await officer(police(provinceCode, communeCode));
    const phone = newPhone();
    const url = `/v1/officer/accounts/${citizen.pin}/level-2`;
    // Police elsewhere learn nothing of the citizen: the same answer as for a PIN never issued, no commune named.
    const unknown = await post('/v1/officer/accounts/099999999997/level-2', { ...checked, phone }, elsewhere.token);
    for (const token of [elsewhere.token, otherProvince.token]) {
      const refused = await post(url, { ...checked, phone }, token);
      expect(refused.status).toBe(404);
      expect(refused.body).toEqual(unknown.body);
      expect(JSON.stringify(refused.body)).not.toContain(communeCode);
    }
    expect((await post(url, { ...checked, phone }, civil.token)).status).toBe(403);
    const noChip = await post(url, { chipChecked: false, faceChecked: true, phone }, cop.token);
    expect(noChip.status).toBe(400);
    expect(noChip.body.problems).toEqual([expect.objectContaining({ field: 'chipChecked' })]);
    const noPhone = await post(url, checked, cop.token);
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.problems).toEqual([expect.objectContaining({ field: 'phone' })]);
    expect((await post('/v1/officer/accounts/099999999997/level-2', { ...checked, phone }, cop.token)).status).toBe(
      404,
    );
    expect((await post(url, { ...checked, phone }, await citizenToken(citizen.pin, 2))).status).toBe(403);
    // The officer's own sign-in without the officer scope (a citizen-only token) is not for officer work.
    const citizenOnly = await post(url, { ...checked, phone }, await citizenToken(cop.pin, 2));
    expect(citizenOnly.status).toBe(403);
    expect(citizenOnly.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="officer"');
    // A token claiming roles the account does not hold (withdrawn since) is refused too.
    const formerPin = await freshAccount('Mat-khau-2026', 2);
    const former = await officerToken(formerPin, [police(provinceCode, communeCode)]);
    expect((await post(url, { ...checked, phone }, former)).status).toBe(403);

    expect(await accounts.get(citizen.pin)).toBeUndefined();
    expect(await outbox.read(citizen.pin)).toEqual([]);
    expect(await events.list(citizen.pin)).toEqual([]);
    expect(await accessLogOf(citizen.pin)).toEqual([]);
  });
});

describe('phone change at the commune police', () => {
  it('records the new phone, tells the old and the new phone, and refuses without jurisdiction', async () => {
    const citizen = await accountlessAdult();
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const cop = await officer(police(provinceCode, communeCode));
    const first = newPhone();
    await post(`/v1/officer/accounts/${citizen.pin}/level-2`, { ...checked, phone: first }, cop.token);
    const second = newPhone();
    const elsewhere = await officer(police(provinceCode === '01' ? '79' : '01'));
    const url = `/v1/officer/accounts/${citizen.pin}/phone`;
    expect((await post(url, { ...checked, phone: second }, elsewhere.token, 'PUT')).status).toBe(404);
    expect((await post(url, { chipChecked: true, phone: second }, cop.token, 'PUT')).status).toBe(400);
    expect((await post(url, { ...checked, phone: 'abc' }, cop.token, 'PUT')).status).toBe(400);
    expect((await accounts.get(citizen.pin))?.phone).toBe(e164(first));

    const changed = await post(url, { ...checked, phone: second }, cop.token, 'PUT');
    expect(changed.status).toBe(200);
    expect((await accounts.get(citizen.pin))?.phone).toBe(e164(second));
    const notices = (await outbox.read(citizen.pin)).filter((m) => m.kind === 'account-changed');
    expect(notices.map((m) => m.phone).sort()).toEqual([e164(first), e164(second)].sort());
    expect((await events.list(citizen.pin))[0]).toMatchObject({ kind: 'phone-changed', actor: { pin: cop.pin } });
    const withoutAccount = await accountlessAdult();
    const cop2 = await officer(police(withoutAccount.permanentResidence.provinceCode));
    const none = await post(
      `/v1/officer/accounts/${withoutAccount.pin}/phone`,
      { ...checked, phone: second },
      cop2.token,
      'PUT',
    );
    expect(none.status).toBe(404);
  });
});

describe('officer roles granted and withdrawn by a supervisor', () => {
  it('grants a role that then works at once, and withdraws it so that it stops at once', async () => {
    const citizen = await accountlessAdult();
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const supervisor = await officer(police(provinceCode, undefined, 'supervisor'));
    const newOfficerPin = await freshAccount('Mat-khau-2026', 2);
    const role = `police.officer.${provinceCode}.${communeCode}`;
    const roleUrl = `/v1/officer/accounts/${newOfficerPin}/roles/${role}`;
    const granted = await call(roleUrl, supervisor.token, { method: 'PUT' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ roles: [role], changed: true });
    expect((await call(roleUrl, supervisor.token, { method: 'PUT' })).body.changed).toBe(false);
    expect((await events.list(newOfficerPin))[0]).toMatchObject({
      kind: 'officer-role-granted',
      actor: { pin: supervisor.pin },
      details: { role },
    });

    // The token claims nothing special; the role is read from the account.
    const token = await officerToken(newOfficerPin, [police(provinceCode, communeCode)]);
    const phone = newPhone();
    const withdrawn = await call(roleUrl, supervisor.token, { method: 'DELETE' });
    expect(withdrawn.status).toBe(200);
    expect((await accounts.get(newOfficerPin))?.officerRoles).toEqual([]);
    expect((await events.list(newOfficerPin))[0]?.kind).toBe('officer-role-withdrawn');
    expect((await post(`/v1/officer/accounts/${citizen.pin}/level-2`, { ...checked, phone }, token)).status).toBe(403);
    expect((await call(roleUrl, supervisor.token, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses officers who are not supervisors, other agencies or areas, bad role ids, and oneself', async () => {
    const citizen = await accountlessAdult();
    const { provinceCode, communeCode } = citizen.permanentResidence;
    const target = await freshAccount('Mat-khau-2026', 2);
    const role = `police.officer.${provinceCode}.${communeCode}`;
    const plainOfficer = await officer(police(provinceCode, communeCode));
    const otherAgency = await officer({ agency: 'civil-status', role: 'supervisor', provinceCode });
    const otherProvince = await officer(police(provinceCode === '01' ? '79' : '01', undefined, 'supervisor'));
    const communeSupervisor = await officer(police(provinceCode, communeCode, 'supervisor'));
    const url = (r: string, pin = target) => `/v1/officer/accounts/${pin}/roles/${r}`;
    for (const actor of [plainOfficer, otherAgency, otherProvince]) {
      expect((await call(url(role), actor.token, { method: 'PUT' })).status).toBe(403);
    }
    // A commune supervisor grants officer roles of their commune only, never supervisor roles.
    expect(
      (await call(url(`police.supervisor.${provinceCode}`), communeSupervisor.token, { method: 'PUT' })).status,
    ).toBe(403);
    const bad = await call(url('police.chief.01'), communeSupervisor.token, { method: 'PUT' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'roleId' })]);
    expect((await call(url(role, communeSupervisor.pin), communeSupervisor.token, { method: 'PUT' })).status).toBe(403);
    const level1 = await freshAccount('Mat-khau-2026', 1);
    expect((await call(url(role, level1), communeSupervisor.token, { method: 'PUT' })).status).toBe(400);
    expect((await accounts.get(target))?.officerRoles).toEqual([]);
    expect(await events.list(target)).toEqual([]);
    expect((await call(url(role), communeSupervisor.token, { method: 'PUT' })).status).toBe(200);
  });
});

describe('password change by the signed-in holder', () => {
  it('needs the current password; a wrong one is 403 and changes nothing', async () => {
    const pin = await freshAccount('Mat-khau-2026');
    const token = await citizenToken(pin, 1);
    const wrong = await post(
      '/v1/me/password',
      { currentPassword: 'Sai-mat-khau-1', newPassword: 'Mat-khau-moi-2' },
      token,
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.problems).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const weak = await post('/v1/me/password', { currentPassword: 'Mat-khau-2026', newPassword: 'abc' }, token);
    expect(weak.status).toBe(400);
    expect(await verifySecret('Mat-khau-2026', String((await accounts.get(pin))?.passwordHash))).toBe(true);
    const done = await post(
      '/v1/me/password',
      { currentPassword: 'Mat-khau-2026', newPassword: 'Mat-khau-moi-2' },
      token,
    );
    expect(done.status).toBe(200);
    expect(await verifySecret('Mat-khau-moi-2', String((await accounts.get(pin))?.passwordHash))).toBe(true);
    const listed = await call('/v1/me/account-events', token);
    expect(listed.status).toBe(200);
    expect((listed.body.events as { kind: string }[]).map((e) => e.kind)).toContain('password-changed');
    expect((await post('/v1/me/password', { newPassword: 'x' }, undefined)).status).toBe(401);
  });
});
