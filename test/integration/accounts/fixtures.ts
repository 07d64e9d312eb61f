/** Officers, phones and outbox reads for the account-lifecycle tests, on the integration run's local cloud. */
import { randomInt } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountEventLog } from '../../../shared/adapters/dynamodb/account-lifecycle-store.ts';
import { OutboxNotificationSender } from '../../../shared/adapters/dynamodb/identity-store.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { call, officerToken } from '../../support/tokens.ts';
import { accountlessAdult, accounts } from '../identity/fixtures.ts';

export const documents = testDocumentClient();
export const outbox = new OutboxNotificationSender(documents, 'Identity', undefined, () => undefined);
export const events = new DynamoAccountEventLog(documents, 'Identity');
export { accountlessAdult, accounts, call };

/** A fresh Vietnamese mobile number, in the form people type it. */
export const newPhone = () => `09${String(randomInt(10_000_000, 99_999_999))}`;
export const e164 = (typed: string) => `+84${typed.slice(1)}`;

/** A new level-2 account holding `roles` (created in the table as the seed would); its PIN and a token. */
export const officer = async (...roles: OfficerRole[]) => {
  const person = await accountlessAdult();
  const at = new Date().toISOString();
  await accounts.create({
    pin: person.pin,
    level: 2,
    status: 'active',
    officerRoles: roles,
    createdAt: at,
    updatedAt: at,
    level2: { activatedAt: at, activatedBy: '001085099999' },
  });
  return { pin: person.pin, token: await officerToken(person.pin, roles) };
};

export const police = (provinceCode: string, communeCode?: string, role: 'officer' | 'supervisor' = 'officer') =>
  ({ agency: 'police', role, provinceCode, ...(communeCode ? { communeCode } : {}) }) as OfficerRole;

/** The newest outbox message of `pin` of `kind`. */
export const latestOf = async (pin: string, kind: string) =>
  (await outbox.read(pin, 20)).find((message) => message.kind === kind);

export const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1];

/** Makes a pending one-time code expire (as if its five minutes had passed). */
export const expireChallenge = (id: string) =>
  documents.send(
    new UpdateCommand({
      TableName: 'Identity',
      Key: { pk: `OTP#${id}`, sk: 'OTP' },
      UpdateExpression: 'SET validUntil = :past',
      ExpressionAttributeValues: { ':past': Date.now() - 1000 },
    }),
  );

export const post = (path: string, body: unknown, token?: string, method = 'POST') =>
  call(path, token, { method, body: JSON.stringify(body) });
