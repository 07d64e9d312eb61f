/**
 * The Identity table adapters for e-ID accounts, sign-in lockout, one-time codes and the notification outbox.
 * Items (pk / sk):
 * - account:          `ACCOUNT#<pin>` / `ACCOUNT`
 * - lockout counters: `ACCOUNT#<pin>` / `LOCKOUT` (the PIN's, across sources) and `ACCOUNT#<pin>` / `LOCKOUT#<source>`
 *                     (one per client address or IPv6 /64), also for PINs without an account; both expire by TTL
 * - one-time code:    `OTP#<challenge id>` / `OTP`  (expires by TTL; the expiry is also checked on read)
 * - outbox message:   `OUTBOX#<pin>` / `<ISO time>#<random>` (expires by TTL)
 * Every counter moves by a conditional update, so parallel requests cannot exceed a limit.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccountsPort } from '../../dossiers/ports.ts';
import { type Account, AccountSchema, type AccountStore, type OfficerRole } from '../../identity/account.ts';
import type { FailureOutcome, LockoutPolicy, LoginThrottle } from '../../identity/lockout.ts';
import type { Notification, NotificationSender } from '../../identity/notifications.ts';
import type { OneTimeCodeChallenge, OneTimeCodeStore } from '../../identity/one-time-codes.ts';
import { documentClient } from '../aws-clients.ts';
import { InfobipSmsGateway } from '../sms/infobip-sms-gateway.ts';
import { SmsNotificationSender } from '../sms/sms-notification-sender.ts';

const accountKey = (pin: string) => ({ pk: `ACCOUNT#${pin}`, sk: 'ACCOUNT' });
const lockoutKey = (pin: string) => ({ pk: `ACCOUNT#${pin}`, sk: 'LOCKOUT' });
const sourceLockoutKey = (pin: string, source: string) => ({ pk: `ACCOUNT#${pin}`, sk: `LOCKOUT#${source}` });
const otpKey = (id: string) => ({ pk: `OTP#${id}`, sk: 'OTP' });
const outboxPk = (pin: string) => `OUTBOX#${pin}`;

const epochSeconds = (ms: number) => Math.ceil(ms / 1000);
const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(pin: string): Promise<Account | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: accountKey(pin), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...account } = Item;
    return AccountSchema.parse(account);
  }

  async create(account: Account): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...accountKey(account.pin), type: 'account', ...AccountSchema.parse(account) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async setLevel2(pin: string, activation: NonNullable<Account['level2']>, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: accountKey(pin),
          UpdateExpression: 'SET #level = :two, level2 = :activation, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: { ':two': 2, ':activation': activation, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async setPasswordHash(pin: string, passwordHash: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: accountKey(pin),
        UpdateExpression: 'SET passwordHash = :hash, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': passwordHash, ':at': at },
      }),
    );
  }

  async setPhone(pin: string, phone: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: accountKey(pin),
          UpdateExpression: 'SET phone = :phone, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':phone': phone, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async setOfficerRoles(
    pin: string,
    roles: readonly OfficerRole[],
    expectedUpdatedAt: string,
    at: string,
  ): Promise<boolean> {
    // Optimistic concurrency: the account must not have changed since the caller read it.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: accountKey(pin),
          UpdateExpression: 'SET officerRoles = :roles, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND updatedAt = :expected',
          ExpressionAttributeValues: { ':roles': roles, ':at': at, ':expected': expectedUpdatedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

/**
 * Account changes that follow the NPDB: a registered death disables the holder's account, and revoking that
 * registration re-enables it. The account remembers which dossier disabled it, so a reversal never re-enables
 * an account someone disabled for another reason (a police suspension).
 */
export class DynamoDeathAccounts implements AccountsPort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async update(pin: string, input: { condition: string; update: string; values: Record<string, unknown> }) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: accountKey(pin),
          ConditionExpression: `attribute_exists(pk) AND (${input.condition})`,
          UpdateExpression: input.update,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: input.values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  disableForDeath(pin: string, dossierId: string, at: string): Promise<boolean> {
    return this.update(pin, {
      condition: '#status = :active OR disabledBy = :dossier',
      update: 'SET #status = :disabled, disabledReason = :reason, disabledBy = :dossier, updatedAt = :at',
      values: { ':active': 'active', ':disabled': 'disabled', ':reason': 'deceased', ':dossier': dossierId, ':at': at },
    });
  }

  reenableAfterReversal(pin: string, dossierId: string, at: string): Promise<boolean> {
    return this.update(pin, {
      condition: 'disabledBy = :dossier',
      update: 'SET #status = :active, updatedAt = :at REMOVE disabledReason, disabledBy',
      values: { ':active': 'active', ':dossier': dossierId, ':at': at },
    });
  }
}

/**
 * The two lockout counters (shared/identity/lockout.ts). The source's counts consecutive failures and locks for
 * `lockSeconds`; the PIN's counts failures in a window opened by its first one (`windowEndsAt`) and, at
 * `maxFailuresPerPin`, refuses every further count, which is the lock: it lasts until the window ends. Every move is a
 * conditional update, so parallel failures never count past either limit.
 */
export class DynamoLoginThrottle implements LoginThrottle {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lockedUntil(pin: string, source: string, now: number, policy: LockoutPolicy): Promise<number | undefined> {
    const [pinItem, sourceItem] = await Promise.all([
      this.read(lockoutKey(pin)),
      this.read(sourceLockoutKey(pin, source)),
    ]);
    return latest(pinLockedUntil(pinItem, now, policy), sourceLockedUntil(sourceItem, now));
  }

  async recordFailure(pin: string, source: string, now: number, policy: LockoutPolicy): Promise<FailureOutcome> {
    const [bySource, pinLock] = await Promise.all([
      this.countSourceFailure(pin, source, now, policy),
      this.countPinFailure(pin, now, policy),
    ]);
    const lockedUntil = latest(bySource.lockedUntil, pinLock);
    return lockedUntil === undefined ? { failures: bySource.failures } : { failures: 0, lockedUntil };
  }

  async reset(pin: string, source: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: sourceLockoutKey(pin, source) }));
  }

  async unlock(pin: string, source: string): Promise<void> {
    await Promise.all([
      this.reset(pin, source),
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: lockoutKey(pin) })),
    ]);
  }

  private async read(key: { pk: string; sk: string }) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Counts a failure of one source; the one that reaches `maxFailures` locks it out and starts its count again. */
  private async countSourceFailure(
    pin: string,
    source: string,
    now: number,
    policy: LockoutPolicy,
  ): Promise<FailureOutcome> {
    const key = sourceLockoutKey(pin, source);
    let failures: number;
    try {
      // Counts only while not locked: failures during a lock change nothing (the lock is not extended).
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, expiresAt = :forget',
          ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil <= :now',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':now': now,
            ':forget': epochSeconds(now + policy.rememberFailuresSeconds * 1000),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      failures = Number(Attributes?.failures ?? 0);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { failures: 0, lockedUntil: sourceLockedUntil(await this.read(key), now) };
    }
    if (failures < policy.maxFailures) return { failures };
    const lockedUntil = now + policy.lockSeconds * 1000;
    try {
      // Only the request that sees the counter at the limit starts the lock, and it starts the count again.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET lockedUntil = :until, failures = :zero, expiresAt = :forget',
          ConditionExpression: 'failures >= :max AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
          ExpressionAttributeValues: {
            ':until': lockedUntil,
            ':zero': 0,
            ':max': policy.maxFailures,
            ':now': now,
            ':forget': epochSeconds(lockedUntil + policy.rememberFailuresSeconds * 1000),
          },
        }),
      );
      return { failures: 0, lockedUntil };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { failures: 0, lockedUntil: sourceLockedUntil(await this.read(key), now) ?? lockedUntil };
    }
  }

  /**
   * Counts a failure against the PIN's ceiling: within a running window below the ceiling, one more; without a running
   * window, a new one opened by this failure. Returns when the PIN is locked, if it is (this failure reached the
   * ceiling, or an earlier one did). A window opened concurrently by another failure is counted in on the next round.
   */
  private async countPinFailure(pin: string, now: number, policy: LockoutPolicy): Promise<number | undefined> {
    const key = lockoutKey(pin);
    const windowEndsAt = now + policy.pinWindowSeconds * 1000;
    for (let round = 0; round < 5; round += 1) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET failures = failures + :one',
            ConditionExpression: 'windowEndsAt > :now AND failures < :max',
            ExpressionAttributeValues: { ':one': 1, ':now': now, ':max': policy.maxFailuresPerPin },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return pinLockedUntil(Attributes, now, policy);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET failures = :one, windowEndsAt = :ends, expiresAt = :forget REMOVE lockedUntil',
            ConditionExpression:
              '(attribute_not_exists(windowEndsAt) OR windowEndsAt <= :now) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
            ExpressionAttributeValues: {
              ':one': 1,
              ':now': now,
              ':ends': windowEndsAt,
              ':forget': epochSeconds(windowEndsAt),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return pinLockedUntil(Attributes, now, policy);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const locked = pinLockedUntil(await this.read(key), now, policy);
      if (locked !== undefined) return locked;
    }
    throw new Error('The lockout counter of a PIN kept moving through five rounds of counting; try again.');
  }
}

/** A PIN item locks while its window runs with the ceiling reached; an item of the earlier design, by its lockedUntil. */
const pinLockedUntil = (item: Record<string, unknown> | undefined, now: number, policy: LockoutPolicy) => {
  if (!item) return undefined;
  const { windowEndsAt, failures, lockedUntil } = item;
  if (typeof windowEndsAt === 'number' && windowEndsAt > now && Number(failures) >= policy.maxFailuresPerPin) {
    return windowEndsAt;
  }
  return typeof lockedUntil === 'number' && lockedUntil > now ? lockedUntil : undefined;
};

const sourceLockedUntil = (item: Record<string, unknown> | undefined, now: number) => {
  const until = item?.lockedUntil;
  return typeof until === 'number' && until > now ? until : undefined;
};

const latest = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

export class DynamoOneTimeCodeStore implements OneTimeCodeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(challenge: OneTimeCodeChallenge): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...otpKey(challenge.id),
          type: 'one-time-code',
          subject: challenge.subject,
          purpose: challenge.purpose,
          ...(challenge.phone ? { phone: challenge.phone } : {}),
          codeHash: challenge.codeHash,
          validUntil: challenge.expiresAt,
          attempts: challenge.attempts,
          expiresAt: epochSeconds(challenge.expiresAt),
        },
      }),
    );
  }

  private static fromItem(id: string, item: Record<string, unknown>): OneTimeCodeChallenge {
    return {
      id,
      subject: String(item.subject),
      purpose: (item.purpose as OneTimeCodeChallenge['purpose'] | undefined) ?? 'sign-in',
      ...(typeof item.phone === 'string' ? { phone: item.phone } : {}),
      codeHash: String(item.codeHash),
      expiresAt: Number(item.validUntil),
      attempts: Number(item.attempts ?? 0),
    };
  }

  async get(id: string): Promise<OneTimeCodeChallenge | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: otpKey(id), ConsistentRead: true }),
    );
    return Item ? DynamoOneTimeCodeStore.fromItem(id, Item) : undefined;
  }

  async recordFailedAttempt(id: string): Promise<number | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: otpKey(id),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.attempts);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async consume(
    id: string,
    conditions: { readonly now: number; readonly maxAttempts: number },
  ): Promise<OneTimeCodeChallenge | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: otpKey(id),
          ConditionExpression: 'attribute_exists(pk) AND attempts < :max AND validUntil > :now',
          ExpressionAttributeValues: { ':max': conditions.maxAttempts, ':now': conditions.now },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? DynamoOneTimeCodeStore.fromItem(id, Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}

export interface OutboxMessage extends Notification {
  /** ISO time the message was written. */
  readonly at: string;
  /** How delivery through the SMS gateway ended (absent with the outbox-only sender). */
  readonly delivery?: {
    readonly status: 'sent' | 'dead-letter';
    readonly attempts: number;
    readonly messageId?: string;
    readonly reason?: string;
  };
}

/** The partition of SMS dead letters (messages the gateway never accepted). */
export const SMS_DEAD_LETTER_PK = 'SMSDLQ';

/** How long outbox messages are kept. */
export const OUTBOX_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The outbox item of a notification. Writers that must notify exactly once (a dossier step) put it in the same
 * transaction as the change it reports, with a `uniqueSuffix` derived from that change.
 */
export const outboxItem = (notification: Notification, at: Date, uniqueSuffix: string = randomUUID()) => ({
  pk: outboxPk(notification.pin),
  sk: `${at.toISOString()}#${uniqueSuffix}`,
  type: 'outbox-message',
  kind: notification.kind,
  ...(notification.phone ? { phone: notification.phone } : {}),
  text: notification.text,
  at: at.toISOString(),
  expiresAt: epochSeconds(at.getTime() + OUTBOX_RETENTION_SECONDS * 1000),
});

/**
 * The development notification channel: each message is written to the Identity table (pk `OUTBOX#<pin>`) and
 * logged as one line `[outbox] <pin> <message>`, so a developer reads one-time codes in the local cloud's log and
 * tests read them with `readOutbox`.
 */
export class OutboxNotificationSender implements NotificationSender {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  async send(notification: Notification): Promise<void> {
    await this.record(notification);
  }

  /** Writes the message to the outbox (the record of what was sent to whom); returns its key. */
  async record(notification: Notification): Promise<{ readonly pk: string; readonly sk: string }> {
    const item = outboxItem(notification, this.now());
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
    this.log(`[outbox] ${notification.pin} ${notification.text}`);
    return { pk: item.pk, sk: item.sk };
  }

  /**
   * Records how delivery of an outbox message ended: `sent` (with the gateway's message id) or `dead-letter` (with
   * why). A dead letter also gets an item under `SMSDLQ` / `<ISO time>#<outbox pk>#<outbox sk>`, the list a redrive or
   * an operator reads.
   */
  async markDelivery(
    key: { readonly pk: string; readonly sk: string },
    delivery:
      | { readonly status: 'sent'; readonly messageId: string; readonly attempts: number }
      | { readonly status: 'dead-letter'; readonly reason: string; readonly attempts: number },
  ): Promise<void> {
    const at = this.now().toISOString();
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET delivery = :delivery',
        ExpressionAttributeValues: { ':delivery': { ...delivery, at } },
      }),
    );
    if (delivery.status === 'dead-letter') {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: SMS_DEAD_LETTER_PK,
            sk: `${at}#${key.pk}#${key.sk}`,
            type: 'sms-dead-letter',
            outbox: key,
            reason: delivery.reason,
            attempts: delivery.attempts,
            expiresAt: epochSeconds(Date.parse(at) + OUTBOX_RETENTION_SECONDS * 1000),
          },
        }),
      );
    }
  }

  /** Messages to `pin`, newest first. */
  async read(pin: string, limit = 20): Promise<OutboxMessage[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': outboxPk(pin) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({
      pin,
      ...(typeof item.phone === 'string' ? { phone: item.phone } : {}),
      ...(item.delivery ? { delivery: item.delivery as OutboxMessage['delivery'] } : {}),
      kind: item.kind as Notification['kind'],
      text: String(item.text),
      at: String(item.at),
    }));
  }
}

/**
 * The notification sender named by `NOTIFICATION_SENDER` (default `outbox`). Other channels (an SMS gateway, the
 * app's push notifications) are added here as further cases, each an adapter implementing NotificationSender.
 */
export const notificationSenderFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  client: DynamoDBDocumentClient,
  identityTable: string,
): NotificationSender => {
  const name = env.NOTIFICATION_SENDER || 'outbox';
  switch (name) {
    case 'outbox':
      return new OutboxNotificationSender(client, identityTable);
    case 'sms': {
      const required = (key: string) => {
        const value = env[key];
        if (!value) throw new Error(`NOTIFICATION_SENDER=sms needs ${key}.`);
        return value;
      };
      return new SmsNotificationSender({
        outbox: new OutboxNotificationSender(client, identityTable),
        gateway: new InfobipSmsGateway({
          baseUrl: required('SMS_GATEWAY_URL'),
          apiKey: required('SMS_API_KEY'),
          from: env.SMS_SENDER_ID || 'P06-eID',
        }),
        accounts: new DynamoAccountStore(client, identityTable),
      });
    }
    default:
      throw new Error(`NOTIFICATION_SENDER "${name}" is not known; the available senders are "outbox" and "sms".`);
  }
};

/**
 * The outbox of `pin`, newest first, for tests and the developer page. Reads the table named by `IDENTITY_TABLE`
 * through the shared client unless told otherwise.
 */
export const readOutbox = async (
  pin: string,
  deps: { readonly client?: DynamoDBDocumentClient; readonly tableName?: string } = {},
): Promise<OutboxMessage[]> =>
  new OutboxNotificationSender(
    deps.client ?? documentClient(),
    deps.tableName ?? process.env.IDENTITY_TABLE ?? 'Identity',
  ).read(pin);
