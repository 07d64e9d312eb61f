/**
 * My sessions and devices: where my e-ID account is signed in, and ending those sign-ins.
 *
 * A sign-in is either a browser session at the e-ID provider (an oidc-provider Session, with the relying parties it
 * signed in to, each through a grant), or a grant whose session has ended but whose refresh token still lives (an
 * app with `offline_access`). Ending a sign-in deletes its session and grants, so the provider refuses their refresh
 * tokens and codes (`invalid_grant`: grant not found) and the browser must sign in again at its next `/auth`. API
 * access tokens are signed JWTs checked without a lookup: one already issued works until it expires (10 minutes).
 *
 * Ids shown to the holder are `s_<session uid>` or `g_<grant id>`; never the session cookie's value (the session's
 * own id). Every ending is an account event (`session-revoked`), with why.
 */
import type { Clock } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import type { AccountEventLog } from './account-events.ts';
import { levelForAcr } from './levels.ts';
import { parseOrThrow } from './registration.ts';

/** A relying party a sign-in is signed in to, through one grant. */
export interface SignedInClient {
  readonly clientId: string;
  readonly grantId: string;
}

/** An oidc-provider session of the account, as its account index records it. */
export interface StoredSession {
  /** The session's uid (stable over the session's life); not its id, which is the cookie's value. */
  readonly uid: string;
  /** ISO instants. */
  readonly signedInAt?: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  /** Coarse browser and system (`describeDevice`) and network (`ipPrefix`) of the sign-in, if recorded. */
  readonly device?: string;
  readonly ipPrefix?: string;
  readonly acr?: string;
  readonly clients: readonly SignedInClient[];
}

/** A grant of the account (what it allowed one relying party), as its account index records it. */
export interface StoredGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly clientName?: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  /** When the newest refresh token of the grant expires; absent if it never had one. */
  readonly refreshExpiresAt?: string;
  readonly acr?: string;
  readonly device?: string;
  readonly ipPrefix?: string;
}

/** The port: the account's sessions and grants at the e-ID provider. */
export interface AccountSessionStore {
  list(pin: string): Promise<{ sessions: StoredSession[]; grants: StoredGrant[] }>;
  /** Deletes these sessions (by uid) and grants of the account, with their index; what is gone already is skipped. */
  end(
    pin: string,
    target: { readonly sessionUids: readonly string[]; readonly grantIds: readonly string[] },
  ): Promise<void>;
}

export interface SessionsDeps {
  readonly sessions: AccountSessionStore;
  readonly events: AccountEventLog;
  readonly clock: Clock;
}

/** One line of "my sessions and devices". */
export interface SignIn {
  readonly id: string;
  /** `browser`: a session at the e-ID provider; `app`: a relying party keeping access with a refresh token. */
  readonly kind: 'browser' | 'app';
  readonly clients: readonly { readonly clientId: string; readonly name: string }[];
  readonly signedInAt?: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly device?: string;
  readonly ipPrefix?: string;
  readonly level?: 1 | 2;
  /** Whether the request was made with a token of this sign-in. */
  readonly current: boolean;
  readonly grantIds: readonly string[];
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The live sign-ins of an account, newest use first; `currentGrantId` is the grant of the caller's token. */
export const signInsOf = (
  stored: { readonly sessions: readonly StoredSession[]; readonly grants: readonly StoredGrant[] },
  now: Date,
  currentGrantId?: string,
): SignIn[] => {
  const at = now.toISOString();
  const grants = new Map(stored.grants.map((grant) => [grant.grantId, grant]));
  const inSessions = new Set<string>();
  const browsers = stored.sessions
    .filter((session) => session.expiresAt > at)
    .map((session): SignIn => {
      const grantIds = session.clients.map((client) => client.grantId);
      for (const id of grantIds) inSessions.add(id);
      const lastUsedAt = session.clients.reduce(
        (last, client) => later(last, grants.get(client.grantId)?.lastUsedAt ?? last),
        session.lastUsedAt,
      );
      const level = levelForAcr(session.acr);
      return {
        id: `s_${session.uid}`,
        kind: 'browser',
        clients: session.clients.map((client) => ({
          clientId: client.clientId,
          name: grants.get(client.grantId)?.clientName ?? client.clientId,
        })),
        ...(session.signedInAt ? { signedInAt: session.signedInAt } : {}),
        lastUsedAt,
        expiresAt: session.expiresAt,
        ...(session.device ? { device: session.device } : {}),
        ...(session.ipPrefix ? { ipPrefix: session.ipPrefix } : {}),
        ...(level ? { level } : {}),
        current: currentGrantId !== undefined && grantIds.includes(currentGrantId),
        grantIds,
      };
    });
  const apps = stored.grants
    .filter((grant) => !inSessions.has(grant.grantId) && grant.expiresAt > at && (grant.refreshExpiresAt ?? '') > at)
    .map((grant): SignIn => {
      const level = levelForAcr(grant.acr);
      return {
        id: `g_${grant.grantId}`,
        kind: 'app',
        clients: [{ clientId: grant.clientId, name: grant.clientName ?? grant.clientId }],
        signedInAt: grant.createdAt,
        lastUsedAt: grant.lastUsedAt,
        expiresAt:
          grant.refreshExpiresAt && grant.refreshExpiresAt < grant.expiresAt ? grant.refreshExpiresAt : grant.expiresAt,
        ...(grant.device ? { device: grant.device } : {}),
        ...(grant.ipPrefix ? { ipPrefix: grant.ipPrefix } : {}),
        ...(level ? { level } : {}),
        current: grant.grantId === currentGrantId,
        grantIds: [grant.grantId],
      };
    });
  return [...browsers, ...apps].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
};

const publicView = ({ grantIds: _grantIds, ...signIn }: SignIn) => signIn;

/** The answer of `GET /v1/me/sessions`, for the OpenAPI document. */
export const MySessionsResponseSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['browser', 'app']),
      clients: z.array(z.object({ clientId: z.string(), name: z.string() })),
      signedInAt: z.optional(z.string()),
      lastUsedAt: z.string(),
      expiresAt: z.string(),
      device: z.optional(z.string()),
      ipPrefix: z.optional(z.string()),
      level: z.optional(z.union([z.literal(1), z.literal(2)])),
      current: z.boolean(),
    }),
  ),
});

/** `GET /v1/me/sessions`: my live sign-ins, which one the request came from marked `current`. */
export const listMySessions = (deps: SessionsDeps) => async (pin: string, currentGrantId?: string) => ({
  sessions: signInsOf(await deps.sessions.list(pin), deps.clock.now(), currentGrantId).map(publicView),
});

export const SignInIdSchema = z
  .string()
  .check(z.regex(/^[sg]_[A-Za-z0-9_-]{1,64}$/, 'A session id is s_ or g_ followed by letters, digits, - or _.'));

export type EndReason = 'holder' | 'password-changed' | 'password-reset';

/** Ends sign-ins and writes one account event for each. */
const endAll = async (deps: SessionsDeps, pin: string, signIns: readonly SignIn[], reason: EndReason) => {
  if (signIns.length === 0) return;
  const sessionUids = signIns.filter((s) => s.kind === 'browser').map((s) => s.id.slice(2));
  const grantIds = signIns.flatMap((s) => s.grantIds);
  await deps.sessions.end(pin, { sessionUids, grantIds });
  const at = deps.clock.now().toISOString();
  for (const signIn of signIns) {
    await deps.events.record({
      pin,
      kind: 'session-revoked',
      actor: { type: 'citizen', pin },
      at,
      details: {
        session: signIn.id,
        clients: signIn.clients.map((client) => client.clientId).join(','),
        reason,
        ...(signIn.device ? { device: signIn.device } : {}),
      },
    });
  }
};

/**
 * `DELETE /v1/me/sessions/{id}`: ends one of my sign-ins. An id that is not one of mine (someone else's, ended
 * already, well formed but unknown) is 404 and changes nothing; a malformed id is 400 on `sessionId`.
 */
export const revokeMySession = (deps: SessionsDeps) => async (pin: string, id: unknown, currentGrantId?: string) => {
  const { sessionId } = parseOrThrow(z.object({ sessionId: SignInIdSchema }), { sessionId: id });
  const signIns = signInsOf(await deps.sessions.list(pin), deps.clock.now(), currentGrantId);
  const target = signIns.find((signIn) => signIn.id === sessionId);
  if (!target) throw new NotFoundError('There is no such session of your account (it may have ended already).');
  await endAll(deps, pin, [target], 'holder');
  return {
    statusCode: 200,
    body: {
      message: target.current
        ? 'The session was ended. It was the one you are using: you will have to sign in again.'
        : 'The session was ended: that device has to sign in again.',
      revoked: publicView(target),
    },
  };
};

/**
 * After a password change or reset: ends every sign-in of the account except the one holding `keepGrantId` (the
 * grant of the token the change was made with, if any). Returns how many were ended.
 */
export const endOtherSessions = async (
  deps: SessionsDeps,
  pin: string,
  reason: Exclude<EndReason, 'holder'>,
  keepGrantId?: string,
): Promise<{ ended: number; kept: boolean }> => {
  const signIns = signInsOf(await deps.sessions.list(pin), deps.clock.now(), keepGrantId);
  const others = signIns.filter((signIn) => !signIn.current);
  await endAll(deps, pin, others, reason);
  return { ended: others.length, kept: others.length < signIns.length };
};
