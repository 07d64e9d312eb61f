import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountEvent, AccountEventLog } from '../../../../shared/identity/account-events.ts';
import { describeDevice, ipPrefix } from '../../../../shared/identity/devices.ts';
import { ACR_LEVEL_2 } from '../../../../shared/identity/levels.ts';
import {
  type AccountSessionStore,
  endOtherSessions,
  listMySessions,
  revokeMySession,
  type StoredGrant,
  type StoredSession,
  signInsOf,
} from '../../../../shared/identity/sessions.ts';
import { manualClock } from './memory-identity.ts';

const ME = '001085000001';
const OTHER = '001085000002';
const LATER = '2026-07-01T08:00:00.000Z';

/** The port in memory, with the adapter's semantics: only the account's own items are ended. */
const memorySessions = () => {
  const sessions = new Map<string, StoredSession[]>();
  const grants = new Map<string, StoredGrant[]>();
  const store: AccountSessionStore & { ends: number } = {
    ends: 0,
    list: async (pin) => ({ sessions: [...(sessions.get(pin) ?? [])], grants: [...(grants.get(pin) ?? [])] }),
    end: async (pin, target) => {
      store.ends++;
      sessions.set(
        pin,
        (sessions.get(pin) ?? []).filter((s) => !target.sessionUids.includes(s.uid)),
      );
      grants.set(
        pin,
        (grants.get(pin) ?? []).filter((g) => !target.grantIds.includes(g.grantId)),
      );
    },
  };
  return { store, sessions, grants };
};

const memoryEvents = (): AccountEventLog & { all: AccountEvent[] } => {
  const all: AccountEvent[] = [];
  return {
    all,
    record: async (event) => {
      all.push(event);
    },
    list: async (pin) => all.filter((event) => event.pin === pin).reverse(),
  };
};

const session = (uid: string, grantIds: readonly string[], lastUsedAt = '2026-07-01T03:00:00.000Z'): StoredSession => ({
  uid,
  signedInAt: '2026-07-01T02:00:00.000Z',
  lastUsedAt,
  expiresAt: LATER,
  device: 'Chrome on Android',
  ipPrefix: '203.0.113.0/24',
  acr: ACR_LEVEL_2,
  clients: grantIds.map((grantId) => ({
    clientId: grantId.startsWith('agency') ? 'agency-app' : 'citizen-portal',
    grantId,
  })),
});

const grant = (grantId: string, extra: Partial<StoredGrant> = {}): StoredGrant => ({
  grantId,
  clientId: grantId.startsWith('agency') ? 'agency-app' : 'citizen-portal',
  clientName: grantId.startsWith('agency') ? 'Agency app' : 'Cổng dịch vụ công',
  createdAt: '2026-07-01T02:00:00.000Z',
  lastUsedAt: '2026-07-01T02:30:00.000Z',
  expiresAt: LATER,
  ...extra,
});

describe('the sign-ins of an account', () => {
  const now = new Date('2026-07-01T04:00:00.000Z');

  it('shows each live session with its relying parties, and the grants kept alive by a refresh token alone', () => {
    const list = signInsOf(
      {
        sessions: [
          session('phone', ['portal-1', 'agency-1']),
          session('laptop', ['portal-2'], '2026-07-01T03:30:00.000Z'),
          { ...session('ended', ['portal-3']), expiresAt: '2026-07-01T03:59:59.000Z' },
        ],
        grants: [
          grant('portal-1', { lastUsedAt: '2026-07-01T03:45:00.000Z' }),
          grant('agency-1'),
          grant('portal-2'),
          grant('agency-offline', { refreshExpiresAt: LATER }),
          grant('agency-no-refresh'),
          grant('agency-refresh-expired', { refreshExpiresAt: '2026-07-01T03:00:00.000Z' }),
        ],
      },
      now,
      'portal-2',
    );
    expect(list.map((signIn) => [signIn.id, signIn.kind, signIn.current])).toEqual([
      ['s_phone', 'browser', false],
      ['s_laptop', 'browser', true],
      ['g_agency-offline', 'app', false],
    ]);
    expect(list[0]).toMatchObject({
      clients: [
        { clientId: 'citizen-portal', name: 'Cổng dịch vụ công' },
        { clientId: 'agency-app', name: 'Agency app' },
      ],
      // The newest use of the session or of any of its grants.
      lastUsedAt: '2026-07-01T03:45:00.000Z',
      device: 'Chrome on Android',
      ipPrefix: '203.0.113.0/24',
      level: 2,
      grantIds: ['portal-1', 'agency-1'],
    });
  });

  it('marks none as current when the token names no grant', () => {
    const list = signInsOf({ sessions: [session('a', ['portal-1'])], grants: [grant('portal-1')] }, now);
    expect(list.map((signIn) => signIn.current)).toEqual([false]);
  });
});

describe('listing and revoking my sessions', () => {
  let memory: ReturnType<typeof memorySessions>;
  let events: ReturnType<typeof memoryEvents>;
  let deps: Parameters<typeof revokeMySession>[0];
  beforeEach(() => {
    memory = memorySessions();
    memory.sessions.set(ME, [session('phone', ['portal-1']), session('laptop', ['portal-2'])]);
    memory.grants.set(ME, [grant('portal-1'), grant('portal-2')]);
    memory.sessions.set(OTHER, [session('theirs', ['portal-9'])]);
    memory.grants.set(OTHER, [grant('portal-9')]);
    events = memoryEvents();
    deps = { sessions: memory.store, events, clock: manualClock('2026-07-01T04:00:00.000Z') };
  });

  it('lists mine without the internal grant ids', async () => {
    const { sessions } = await listMySessions(deps)(ME, 'portal-1');
    expect(sessions.map((s) => [s.id, s.current])).toEqual([
      ['s_phone', true],
      ['s_laptop', false],
    ]);
    expect(sessions[0]).not.toHaveProperty('grantIds');
  });

  it('ends one session with its grants and writes it to the account events, once', async () => {
    const answer = await revokeMySession(deps)(ME, 's_laptop', 'portal-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body.revoked).toMatchObject({ id: 's_laptop', current: false });
    expect((await memory.store.list(ME)).sessions.map((s) => s.uid)).toEqual(['phone']);
    expect((await memory.store.list(ME)).grants.map((g) => g.grantId)).toEqual(['portal-1']);
    expect(events.all).toEqual([
      {
        pin: ME,
        kind: 'session-revoked',
        actor: { type: 'citizen', pin: ME },
        at: '2026-07-01T04:00:00.000Z',
        details: { session: 's_laptop', clients: 'citizen-portal', reason: 'holder', device: 'Chrome on Android' },
      },
    ]);
    // A retry finds nothing to end: 404, nothing written twice.
    await expect(revokeMySession(deps)(ME, 's_laptop', 'portal-1')).rejects.toMatchObject({ httpStatus: 404 });
    expect(events.all).toHaveLength(1);
    expect(memory.store.ends).toBe(1);
  });

  it("refuses someone else's session with 404 and changes nothing", async () => {
    await expect(revokeMySession(deps)(ME, 's_theirs')).rejects.toMatchObject({ httpStatus: 404 });
    await expect(revokeMySession(deps)(ME, 'g_portal-9')).rejects.toMatchObject({ httpStatus: 404 });
    expect((await memory.store.list(OTHER)).sessions).toHaveLength(1);
    expect(memory.store.ends).toBe(0);
    expect(events.all).toEqual([]);
  });

  it('refuses a malformed id with 400 naming sessionId', async () => {
    for (const bad of ['', 'phone', 'x_phone', 's_', `s_${'a'.repeat(65)}`, 's_a/b', undefined]) {
      await expect(revokeMySession(deps)(ME, bad)).rejects.toMatchObject({
        httpStatus: 400,
        problems: [expect.objectContaining({ field: 'sessionId' })],
      });
    }
    expect(memory.store.ends).toBe(0);
  });

  it('ends the current session too when asked, and says so', async () => {
    const answer = await revokeMySession(deps)(ME, 's_phone', 'portal-1');
    expect(answer.body.message).toContain('sign in again');
  });

  it('after a password change, ends all but the current sign-in', async () => {
    expect(await endOtherSessions(deps, ME, 'password-changed', 'portal-2')).toEqual({ ended: 1, kept: true });
    expect((await memory.store.list(ME)).sessions.map((s) => s.uid)).toEqual(['laptop']);
    expect(events.all.map((event) => event.details?.reason)).toEqual(['password-changed']);
    expect((await memory.store.list(OTHER)).sessions).toHaveLength(1);
  });

  it('after a reset, or a change whose token names no grant, ends them all', async () => {
    expect(await endOtherSessions(deps, ME, 'password-reset')).toEqual({ ended: 2, kept: false });
    expect((await memory.store.list(ME)).sessions).toEqual([]);
    expect(events.all.map((event) => event.details?.session)).toEqual(['s_phone', 's_laptop']);
    // Nothing left: nothing ended, nothing written.
    expect(await endOtherSessions(deps, ME, 'password-reset')).toEqual({ ended: 0, kept: false });
    expect(events.all).toHaveLength(2);
  });
});

describe('what a sign-in records of its device', () => {
  it('names the browser and system families only', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0')).toBe(
      'Firefox on Linux',
    );
    expect(
      describeDevice('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0.0.0 Safari/537.36'),
    ).toBe('Chrome on Linux');
    expect(describeDevice('something else')).toBe('Unknown browser or app');
    expect(describeDevice(undefined)).toBeUndefined();
  });

  it('keeps the network prefix of the address, not the address', () => {
    expect(ipPrefix('203.0.113.57')).toBe('203.0.113.0/24');
    expect(ipPrefix('::ffff:198.51.100.7')).toBe('198.51.100.0/24');
    expect(ipPrefix('2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toBe('2001:db8:85a3::/48');
    expect(ipPrefix('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(ipPrefix('999.1.1.1')).toBeUndefined();
    expect(ipPrefix('not an address')).toBeUndefined();
    expect(ipPrefix(undefined)).toBeUndefined();
  });
});
