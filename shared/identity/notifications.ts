/**
 * Messages to an account holder (one-time codes, account changes). The sender is a port: locally and in tests an
 * outbox in the Identity table (shared/adapters/dynamodb/identity-store.ts); an SMS gateway or the app's push
 * channel plugs in behind the same interface, chosen by the `NOTIFICATION_SENDER` environment variable.
 */

export type NotificationKind =
  | 'one-time-code'
  | 'account-created'
  | 'account-level-2'
  | 'password-setup'
  | 'account-password-set'
  | 'registration-code'
  | 'registration-attempt'
  | 'password-reset-code'
  | 'account-changed'
  | 'dossier';

export interface Notification {
  /** The holder's PIN; the sender resolves the phone number or device from it. */
  readonly pin: string;
  /** An explicit destination (E.164) when it is not the account's phone: the phone a registration is proving. */
  readonly phone?: string;
  readonly kind: NotificationKind;
  /** The text as the holder will read it (Vietnamese: these go to citizens' phones). */
  readonly text: string;
}

export interface NotificationSender {
  send(notification: Notification): Promise<void>;
}

/** The SMS text carrying a sign-in code. */
export const oneTimeCodeText = (code: string, validMinutes: number): string =>
  `Mã xác thực đăng nhập định danh điện tử của bạn là ${code}, có hiệu lực ${validMinutes} phút. ` +
  'Không cung cấp mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.';

export const accountCreatedText = (): string =>
  'Tài khoản định danh điện tử mức 1 của bạn đã được tạo. Nếu không phải bạn đăng ký, hãy báo ngay cho công an xã.';

export const level2ActivatedText = (): string =>
  'Tài khoản định danh điện tử của bạn đã được kích hoạt mức 2 sau khi xác minh trực tiếp tại công an xã.';

export const registrationCodeText = (code: string, validMinutes: number): string =>
  `Mã xác thực đăng ký tài khoản định danh điện tử của bạn là ${code}, có hiệu lực ${validMinutes} phút. ` +
  'Không cung cấp mã này cho bất kỳ ai.';

export const registrationAttemptText = (): string =>
  'Có người vừa thử đăng ký tài khoản định danh điện tử bằng số định danh của bạn, nhưng bạn đã có tài khoản. ' +
  'Nếu quên mật khẩu, hãy dùng chức năng đặt lại mật khẩu. Nếu không phải bạn, hãy báo cho công an xã.';

export const passwordResetCodeText = (code: string, validMinutes: number): string =>
  `Mã đặt lại mật khẩu tài khoản định danh điện tử của bạn là ${code}, có hiệu lực ${validMinutes} phút. ` +
  'Nếu không phải bạn yêu cầu, hãy bỏ qua tin này.';

export const accountChangedText = (what: string): string =>
  `Tài khoản định danh điện tử của bạn vừa thay đổi: ${what}. Nếu không phải bạn, hãy báo ngay cho công an xã.`;

/** One SMS for a gateway: the destination (E.164), the text, and our reference (the outbox item). */
export interface SmsMessage {
  readonly to: string;
  readonly text: string;
  readonly reference: string;
}

/** A refusal by the SMS gateway; `permanent` when retrying cannot help (bad number, bad key, rejected text). */
export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsDeliveryError';
  }
}

/** An SMS gateway (shared/adapters/sms/): accepts one message or throws SmsDeliveryError. */
export interface SmsGateway {
  send(message: SmsMessage): Promise<{ readonly messageId: string }>;
}

/** Attempts and back-off of SMS delivery before a message goes to the dead letters. */
export interface SmsRetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
}

export const DEFAULT_SMS_RETRY_POLICY: SmsRetryPolicy = { attempts: 3, baseDelayMs: 200 };
