/** Demo data and fresh accounts for the e-ID integration tests, on the integration run's local cloud. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DEMO_CLIENT_SECRETS, DEMO_PASSWORD, pickDemoCitizens } from '../../../infra/local/identity-seed.ts';
import { DynamoAccountStore, OutboxNotificationSender } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { systemClock } from '../../../shared/domain/clock.ts';
import { ageInYears } from '../../../shared/domain/dates.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { registerLevel1Account } from '../../../shared/identity/accounts.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { testDocumentClient } from '../../support/clients.ts';

export { DEMO_CLIENT_SECRETS, DEMO_PASSWORD };

let picks: ReturnType<typeof pickDemoCitizens> | undefined;
const demoPicks = () => {
  picks ??= pickDemoCitizens(inject('seededCitizens'));
  return picks;
};

/** A demo citizen's PIN by role (see docs/demo-accounts.md). */
export const demoPin = (role: string): string => {
  const pick = demoPicks().find((p) => p.role === role);
  if (!pick) throw new Error(`No demo citizen for ${role}`);
  return pick.citizen.pin;
};

const client = testDocumentClient();
export const accounts = new DynamoAccountStore(client, 'Identity');

let next = 0;
let candidates: Citizen[] | undefined;

/** Living adults of the seeded population who are not demo citizens. */
const candidatesWithoutDemo = () => {
  const demo = new Set(demoPicks().map((p) => p.citizen.pin));
  candidates ??= syntheticCitizens(
    { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
    0,
    inject('seededCitizens'),
  ).filter((c) => c.status === 'alive' && ageInYears(c.birthDate, '2026-07-01') >= 20 && !demo.has(c.pin));
  return candidates;
};

/**
 * Registers a level-1 account (through the use case, with a selfie check that matches) for an adult of the seeded
 * population who has none yet, optionally raised to level 2; returns the PIN. Every call gives a new citizen.
 */
export const freshAccount = async (password: string, level: 1 | 2 = 1): Promise<string> => {
  const candidates = candidatesWithoutDemo();
  const register = registerLevel1Account({
    citizens: new PopulationStore(client, 'Population'),
    accounts,
    notifications: new OutboxNotificationSender(client, 'Identity', undefined, () => undefined),
    clock: systemClock,
    selfieCheck: { verify: async () => ({ match: true, reference: 'test-face-match' }) },
    hashParams: { N: 2 ** 12, r: 8, p: 1 },
  });
  while (next < candidates.length) {
    const citizen = candidates[(next++ * 7919 + 101) % candidates.length];
    if (!citizen || (await accounts.get(citizen.pin))) continue;
    try {
      await register({ pin: citizen.pin, password, selfie: 'c2VsZmll' });
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    if (level === 2) {
      const at = new Date().toISOString();
      await accounts.setLevel2(citizen.pin, { activatedAt: at, activatedBy: demoPin('officer:police') }, at);
    }
    return citizen.pin;
  }
  throw new Error('No citizen without an account is left in the seeded population');
};

/**
 * An adult of the seeded population with no e-ID account, taken from the other end of the candidates than
 * `freshAccount`, so the two never pick the same citizen. Each pick is claimed in the Identity table (a test-only
 * item, conditional put): test files each load this module afresh, and two files handing out the same citizen would
 * share its registration rate limit (5 starts an hour) and its codes.
 */
export const accountlessAdult = async (): Promise<Citizen> => {
  const candidates = candidatesWithoutDemo();
  for (let index = candidates.length - 1 - next; index >= 0; index--) {
    next++;
    const citizen = candidates[index];
    if (!citizen || (await accounts.get(citizen.pin))) continue;
    try {
      await client.send(
        new PutCommand({
          TableName: 'Identity',
          Item: {
            pk: `TESTCLAIM#${citizen.pin}`,
            sk: 'accountless',
            expiresAt: Math.floor(Date.now() / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      throw error;
    }
    return citizen;
  }
  throw new Error('No citizen without an account is left in the seeded population');
};
