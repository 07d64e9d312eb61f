/**
 * The SMS notification sender: the outbox stays the record, the gateway delivers.
 * 1. Write the message to the outbox (Identity table), as the outbox-only sender does.
 * 2. Find the destination: the notification's own phone (a registration proving a phone), else the account's.
 * 3. Send through the gateway, retrying transient failures (`attempts`, exponential back-off from `baseDelayMs`).
 * 4. Mark the outbox item `sent` with the gateway's message id, or `dead-letter` with the reason (no phone, a
 *    permanent refusal, retries used up), which also lists it under `SMSDLQ` for a redrive.
 * A failed delivery never fails the caller's request: the change it reports has happened, and the record says the
 * message did not go out.
 */
import type { AccountStore } from '../../identity/account.ts';
import {
  DEFAULT_SMS_RETRY_POLICY,
  type Notification,
  type NotificationSender,
  SmsDeliveryError,
  type SmsGateway,
  type SmsRetryPolicy,
} from '../../identity/notifications.ts';
import type { OutboxNotificationSender } from '../dynamodb/identity-store.ts';

export interface SmsSenderOptions {
  readonly outbox: Pick<OutboxNotificationSender, 'record' | 'markDelivery'>;
  readonly gateway: SmsGateway;
  readonly accounts: Pick<AccountStore, 'get'>;
  readonly retry?: SmsRetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SmsNotificationSender implements NotificationSender {
  constructor(private readonly options: SmsSenderOptions) {}

  async send(notification: Notification): Promise<void> {
    const { outbox, gateway } = this.options;
    const retry = this.options.retry ?? DEFAULT_SMS_RETRY_POLICY;
    const sleep = this.options.sleep ?? pause;
    const key = await outbox.record(notification);
    const to = notification.phone ?? (await this.options.accounts.get(notification.pin))?.phone;
    if (!to) {
      await outbox.markDelivery(key, {
        status: 'dead-letter',
        reason: 'The account has no phone number.',
        attempts: 0,
      });
      return;
    }
    let reason = '';
    let attempt = 0;
    while (attempt < retry.attempts) {
      attempt++;
      try {
        const { messageId } = await gateway.send({ to, text: notification.text, reference: `${key.pk}#${key.sk}` });
        await outbox.markDelivery(key, { status: 'sent', messageId, attempts: attempt });
        return;
      } catch (error) {
        reason = (error as Error).message;
        if (error instanceof SmsDeliveryError && error.permanent) break;
        if (attempt < retry.attempts) await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      }
    }
    await outbox.markDelivery(key, { status: 'dead-letter', reason, attempts: attempt });
  }
}
