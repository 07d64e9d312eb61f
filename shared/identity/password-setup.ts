/**
 * The set-password step of an account opened without a password: a level-2 activation at the commune police for a
 * citizen who had no e-ID account. The holder gets a one-time link through the notification outbox (SMS or app);
 * the link's token is 32 random bytes and only its SHA-256 is stored, so neither the table nor a backup lets anyone
 * use a link. A link works once, within `PASSWORD_SETUP_VALID_HOURS`, and only while the account still has no
 * password: of two uses of one link, or of two links, only the first sets a password.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import type { AccountStore, PasswordSetupStore } from './account.ts';
import type { NotificationSender } from './notifications.ts';
import { hashSecret, PASSWORD_HASH_PARAMS, passwordProblems, type ScryptParams } from './passwords.ts';

/** How long a set-password link works. A weekend must not expire it. */
export const PASSWORD_SETUP_VALID_HOURS = 72;

/** Where the link leads: the e-ID provider's page, with the token in the query (not the logged path). */
export const passwordSetupUrl = (issuer: string, token: string): string =>
  `${issuer}/oidc/set-password?token=${encodeURIComponent(token)}`;

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The stored key of a token. */
export const passwordSetupTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export const passwordSetupText = (url: string, hours: number): string =>
  `Tài khoản định danh điện tử mức 2 của bạn đã được kích hoạt. Đặt mật khẩu tại ${url} (dùng một lần, trong ${hours} giờ). ` +
  'Không chuyển liên kết này cho bất kỳ ai.';

export const passwordSetText = (): string =>
  'Mật khẩu tài khoản định danh điện tử của bạn vừa được đặt. Nếu không phải bạn, hãy báo ngay cho công an xã.';

export interface PasswordSetupDeps {
  readonly accounts: AccountStore;
  readonly setups: PasswordSetupStore;
  readonly notifications: NotificationSender;
  readonly clock: Clock;
  /** The e-ID issuer, from which the link is built. */
  readonly issuer: string;
  readonly hashParams?: ScryptParams;
}

/**
 * Sends a set-password link to an account without a password; does nothing for an account that has one.
 * 1. Read the account: no account, or one with a password, needs no link.
 * 2. Store the hash of a new random token, valid `PASSWORD_SETUP_VALID_HOURS`.
 * 3. Send the link to the holder (outbox). A retried activation sends a new link; each stays single-use.
 */
export const sendPasswordSetupLink =
  (deps: Omit<PasswordSetupDeps, 'hashParams'>) =>
  async (pin: string): Promise<boolean> => {
    const account = await deps.accounts.get(pin);
    if (!account || account.passwordHash !== undefined) return false;
    const now = deps.clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Math.floor(now.getTime() / 1000) + PASSWORD_SETUP_VALID_HOURS * 3600;
    await deps.setups.create(passwordSetupTokenHash(token), { pin, expiresAt }, now.toISOString());
    await deps.notifications.send({
      pin,
      kind: 'password-setup',
      text: passwordSetupText(passwordSetupUrl(deps.issuer, token), PASSWORD_SETUP_VALID_HOURS),
    });
    return true;
  };

export type PasswordSetupOutcome =
  | { readonly kind: 'done' }
  /** Unknown, used or expired link: nothing changed. */
  | { readonly kind: 'link-gone' }
  /** The password breaks a rule, or the two entries differ: nothing changed, the link still works. */
  | { readonly kind: 'rejected'; readonly problems: readonly string[] };

/** Whether a link can still be used (to show the form, or a page saying it cannot). */
export const checkPasswordSetupLink =
  (deps: Pick<PasswordSetupDeps, 'setups' | 'clock'>) =>
  async (token: string): Promise<boolean> =>
    TOKEN_PATTERN.test(token) &&
    (await deps.setups.find(passwordSetupTokenHash(token), Math.floor(deps.clock.now().getTime() / 1000))) !==
      undefined;

/**
 * Sets the password through a link.
 * 1. The link must exist and be unexpired; the password must follow the rules and match its confirmation.
 * 2. Hash the password and, in one transaction, use up the link and set the password of the still password-less,
 *    active account; a second use (a double submit, a replayed link) finds the link gone and changes nothing.
 * 3. Tell the holder that a password was set.
 */
export const completePasswordSetup =
  (deps: PasswordSetupDeps) =>
  async (request: { token: string; password: string; confirmation: string }): Promise<PasswordSetupOutcome> => {
    if (!TOKEN_PATTERN.test(request.token)) return { kind: 'link-gone' };
    const tokenHash = passwordSetupTokenHash(request.token);
    const now = deps.clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const setup = await deps.setups.find(tokenHash, nowSeconds);
    if (!setup) return { kind: 'link-gone' };
    const problems = passwordProblems(request.password, setup.pin);
    if (request.password !== request.confirmation) problems.push('The two passwords are not the same.');
    if (problems.length > 0) return { kind: 'rejected', problems };
    const passwordHash = await hashSecret(request.password, deps.hashParams ?? PASSWORD_HASH_PARAMS);
    const result = await deps.setups.complete(tokenHash, setup.pin, passwordHash, nowSeconds, now.toISOString());
    if (result !== 'done') return { kind: 'link-gone' };
    await deps.notifications.send({ pin: setup.pin, kind: 'account-password-set', text: passwordSetText() });
    return { kind: 'done' };
  };
