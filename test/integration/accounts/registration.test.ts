/**
 * Level-1 self-registration and password reset through the API of the local cloud: the same answer whatever the
 * details, codes only to a matching phone, wrong and expired codes refused with nothing written, rate limits.
 */
import { describe, expect, it } from 'vitest';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { verifySecret } from '../../../shared/identity/passwords.ts';
import { freshAccount } from '../identity/fixtures.ts';
import {
  accountlessAdult,
  accounts,
  codeIn,
  documents,
  e164,
  events,
  expireChallenge,
  latestOf,
  newPhone,
  outbox,
  post,
} from './fixtures.ts';

const details = (citizen: { pin: string; fullName: string; birthDate: string }, phone: string) => ({
  pin: citizen.pin,
  fullName: citizen.fullName,
  birthDate: citizen.birthDate,
  phone,
});

describe('level-1 self-registration', () => {
  it('sends a code to the typed phone when the details match; the code and a password open the account', async () => {
    const citizen = await accountlessAdult();
    const phone = newPhone();
    // Typed as people type: other case, extra spaces.
    const typed = { ...details(citizen, phone), fullName: `  ${citizen.fullName.toLocaleUpperCase('vi')} ` };
    const start = await post('/v1/registrations', typed);
    expect(start.status).toBe(202);
    const id = String(start.body.id);
    const message = await latestOf(citizen.pin, 'registration-code');
    expect(message?.phone).toBe(e164(phone));
    const code = codeIn(message?.text) as string;

    const weak = await post(`/v1/registrations/${id}/confirmation`, { code, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post(`/v1/registrations/${id}/confirmation`, { code: wrongCode, password: 'Mat-khau-2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.problems).toEqual([expect.objectContaining({ field: 'code' })]);
    expect(await accounts.get(citizen.pin)).toBeUndefined();

    const done = await post(`/v1/registrations/${id}/confirmation`, { code, password: 'Mat-khau-2026' });
    expect(done.status).toBe(201);
    const account = await accounts.get(citizen.pin);
    expect(account).toMatchObject({ level: 1, status: 'active', phone: e164(phone) });
    expect(await verifySecret('Mat-khau-2026', String(account?.passwordHash))).toBe(true);
    expect((await events.list(citizen.pin))[0]).toMatchObject({ kind: 'registered', actor: { type: 'citizen' } });

    const again = await post(`/v1/registrations/${id}/confirmation`, { code, password: 'Mat-khau-2027' });
    expect(again.status).toBe(410);
    expect(await verifySecret('Mat-khau-2026', String((await accounts.get(citizen.pin))?.passwordHash))).toBe(true);
  });

  it('answers the same for an unknown PIN, a wrong name or birth date, and an existing account, sending no code', async () => {
    const phone = newPhone();
    const wrongName = await accountlessAdult();
    const wrongBirth = await accountlessAdult();
    const existingPin = await freshAccount('Mat-khau-2026');
    const existing = await accountlessAdult(); // only for a name; the PIN is replaced below
    const cases = {
      'unknown PIN': { ...details(wrongName, phone), pin: '099999999999' },
      'wrong name': { ...details(wrongName, phone), fullName: 'Nguyễn Văn Không Khớp' },
      'wrong birth date': { ...details(wrongBirth, phone), birthDate: '1900-01-01' },
      'existing account': { ...details(existing, phone), pin: existingPin },
    };
    const answers = [];
    for (const [label, body] of Object.entries(cases)) {
      const answer = await post('/v1/registrations', body);
      expect(answer.status, label).toBe(202);
      answers.push({ keys: Object.keys(answer.body).sort(), message: answer.body.message });
      // Nothing is sent to the typed phone, and a guessed code opens nothing.
      expect(await latestOf(body.pin, 'registration-code'), label).toBeUndefined();
      const confirm = await post(`/v1/registrations/${answer.body.id}/confirmation`, {
        code: '123456',
        password: 'Mat-khau-2026',
      });
      expect(confirm.status, label).toBe(400);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await accounts.get(wrongName.pin)).toBeUndefined();
    expect(await accounts.get(wrongBirth.pin)).toBeUndefined();
    expect(await accounts.get('099999999999')).toBeUndefined();
  });

  it('warns the holder of an existing account on their own phone when their details are typed again', async () => {
    const pin = await freshAccount('Mat-khau-2026');
    const record = await new PopulationStore(documents, 'Population').getCitizen(pin);
    if (!record) throw new Error('no record');
    const answer = await post('/v1/registrations', details(record, newPhone()));
    expect(answer.status).toBe(202);
    const warning = await latestOf(pin, 'registration-attempt');
    expect(warning?.phone).toBeUndefined();
    expect(codeIn(warning?.text)).toBeUndefined();
  });

  it('refuses an expired code (410) and writes no account', async () => {
    const citizen = await accountlessAdult();
    const start = await post('/v1/registrations', details(citizen, newPhone()));
    const code = codeIn((await latestOf(citizen.pin, 'registration-code'))?.text) as string;
    await expireChallenge(String(start.body.id));
    const late = await post(`/v1/registrations/${start.body.id}/confirmation`, { code, password: 'Mat-khau-2026' });
    expect(late.status).toBe(410);
    expect(await accounts.get(citizen.pin)).toBeUndefined();
    const unknown = await post(`/v1/registrations/${'A'.repeat(22)}/confirmation`, { code, password: 'Mat-khau-2026' });
    expect(unknown.status).toBe(410);
  });

  it('names the wrong fields (400) and limits starts per PIN and per phone (429 with Retry-After)', async () => {
    const citizen = await accountlessAdult();
    const bad = await post('/v1/registrations', { pin: '123', fullName: '', birthDate: '1990-13-45', phone: '12345' });
    expect(bad.status).toBe(400);
    const fields = (bad.body.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['birthDate', 'fullName', 'phone', 'pin']);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const answer = await post('/v1/registrations', { ...details(citizen, newPhone()), fullName: 'Sai Tên' });
      statuses.push(answer.status);
      if (answer.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await outbox.read(citizen.pin)).toEqual([]);
  });
});

describe('password reset with a one-time code', () => {
  it('sends a code to the account phone; the code sets the new password; unknown PINs get the same answer', async () => {
    const citizen = await accountlessAdult();
    const phone = newPhone();
    const start = await post('/v1/registrations', details(citizen, phone));
    const code = codeIn((await latestOf(citizen.pin, 'registration-code'))?.text) as string;
    expect(
      (await post(`/v1/registrations/${start.body.id}/confirmation`, { code, password: 'Mat-khau-2026' })).status,
    ).toBe(201);

    const reset = await post('/v1/password-resets', { pin: citizen.pin });
    const unknown = await post('/v1/password-resets', { pin: '099999999998' });
    expect([reset.status, unknown.status]).toEqual([202, 202]);
    expect(Object.keys(reset.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(reset.body.message).toBe(unknown.body.message);
    const resetCode = codeIn((await latestOf(citizen.pin, 'password-reset-code'))?.text) as string;
    const wrong = await post(`/v1/password-resets/${reset.body.id}/confirmation`, {
      code: resetCode === '000000' ? '111111' : '000000',
      newPassword: 'Mat-khau-moi-1',
    });
    expect(wrong.status).toBe(400);
    expect(await verifySecret('Mat-khau-2026', String((await accounts.get(citizen.pin))?.passwordHash))).toBe(true);
    const done = await post(`/v1/password-resets/${reset.body.id}/confirmation`, {
      code: resetCode,
      newPassword: 'Mat-khau-moi-1',
    });
    expect(done.status).toBe(200);
    expect(await verifySecret('Mat-khau-moi-1', String((await accounts.get(citizen.pin))?.passwordHash))).toBe(true);
    expect((await events.list(citizen.pin))[0]?.kind).toBe('password-reset');
    const unknownConfirm = await post(`/v1/password-resets/${unknown.body.id}/confirmation`, {
      code: '123456',
      newPassword: 'Mat-khau-moi-1',
    });
    expect(unknownConfirm.status).toBe(400);
  });
});
