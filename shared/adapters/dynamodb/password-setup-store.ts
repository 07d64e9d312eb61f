/**
 * Set-password links on the Identity table: `PWSETUP#<SHA-256 of the token>` / `PWSETUP` holding the PIN and
 * `expiresAt` (epoch seconds, also the TTL attribute; the expiry is checked on every read because TTL deletion lags).
 * Completing a link is one transaction with the account (`ACCOUNT#<pin>` / `ACCOUNT`), so a link is used up exactly
 * when a password is set, and a password is set only on an active account that has none.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { PasswordSetup, PasswordSetupStore } from '../../identity/account.ts';

const setupKey = (tokenHash: string) => ({ pk: `PWSETUP#${tokenHash}`, sk: 'PWSETUP' });

interface CancelledTransaction {
  readonly name: string;
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
}

export class DynamoPasswordSetupStore implements PasswordSetupStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(tokenHash: string, setup: PasswordSetup, createdAt: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...setupKey(tokenHash), type: 'password-setup', pin: setup.pin, expiresAt: setup.expiresAt, createdAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(tokenHash: string, now: number): Promise<PasswordSetup | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: setupKey(tokenHash), ConsistentRead: true }),
    );
    if (!Item || typeof Item.expiresAt !== 'number' || Item.expiresAt <= now) return undefined;
    return { pin: String(Item.pin), expiresAt: Item.expiresAt };
  }

  async complete(
    tokenHash: string,
    pin: string,
    passwordHash: string,
    now: number,
    at: string,
  ): Promise<'done' | 'link-gone' | 'password-exists'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: setupKey(tokenHash),
                ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now AND pin = :pin',
                ExpressionAttributeValues: { ':now': now, ':pin': pin },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: `ACCOUNT#${pin}`, sk: 'ACCOUNT' },
                UpdateExpression: 'SET passwordHash = :hash, updatedAt = :at',
                ConditionExpression:
                  'attribute_exists(pk) AND attribute_not_exists(passwordHash) AND #status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':hash': passwordHash, ':at': at, ':active': 'active' },
              },
            },
          ],
        }),
      );
      return 'done';
    } catch (error) {
      const cancelled = error as CancelledTransaction;
      if (cancelled.name !== 'TransactionCanceledException') throw error;
      const [link, account] = cancelled.CancellationReasons ?? [];
      if (link?.Code === 'ConditionalCheckFailed') return 'link-gone';
      if (account?.Code === 'ConditionalCheckFailed') return 'password-exists';
      throw error;
    }
  }
}
