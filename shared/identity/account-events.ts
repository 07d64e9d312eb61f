/**
 * The account audit log: every change to an e-ID account (opened, level 2 activated, password set, changed or reset,
 * phone changed, officer role granted or withdrawn, session revoked) is one event under the account, with who did
 * it. Reads of personal data go to the access log (shared/access-log); this log records changes, so the holder and
 * an auditor can see who changed an account, when, and how.
 */

export type AccountEventKind =
  | 'registered'
  | 'level-2-activated'
  | 'password-changed'
  | 'password-reset'
  | 'phone-changed'
  | 'officer-role-granted'
  | 'officer-role-withdrawn'
  | 'session-revoked';

export interface AccountEvent {
  /** Whose account changed. */
  readonly pin: string;
  readonly kind: AccountEventKind;
  /** Who made the change: the holder (`citizen`), a police officer or a supervisor (`officer`). */
  readonly actor: { readonly type: 'citizen' | 'officer'; readonly pin: string };
  /** ISO instant. */
  readonly at: string;
  /** What changed, without secrets: e.g. `{ checks: 'chip,face' }`, the role granted, the phone's last digits. */
  readonly details?: Readonly<Record<string, string>>;
}

export interface AccountEventLog {
  record(event: AccountEvent): Promise<void>;
  /** Events of one account, newest first. */
  list(pin: string, limit?: number): Promise<AccountEvent[]>;
}
