/**
 * The adapters of the account-lifecycle handlers (registration, password, officer actions on accounts), created
 * once per execution environment from the environment (IDENTITY_TABLE, POPULATION_TABLE, ACCESS_LOG_TABLE,
 * OIDC_ISSUER, NOTIFICATION_SENDER).
 */
import { documentClient, requiredEnv } from '../adapters/aws-clients.ts';
import { DynamoAccountEventLog, DynamoRateLimiter } from '../adapters/dynamodb/account-lifecycle-store.ts';
import {
  DynamoAccountStore,
  DynamoLoginThrottle,
  DynamoOneTimeCodeStore,
  notificationSenderFromEnv,
} from '../adapters/dynamodb/identity-store.ts';
import { DynamoAccountSessionStore } from '../adapters/dynamodb/oidc-account-index.ts';
import { DynamoPasswordSetupStore } from '../adapters/dynamodb/password-setup-store.ts';
import { PopulationStore } from '../adapters/dynamodb/population-store.ts';
import { systemClock } from '../domain/clock.ts';
import { lockoutPolicyFromEnv } from '../identity/lockout.ts';
import { accessRecorder } from './stores.ts';

const identityTable = () => requiredEnv('IDENTITY_TABLE');

export const accountLifecycleDeps = () => {
  const client = documentClient();
  const table = identityTable();
  return {
    accounts: new DynamoAccountStore(client, table),
    citizens: new PopulationStore(client, requiredEnv('POPULATION_TABLE')),
    codes: new DynamoOneTimeCodeStore(client, table),
    throttle: new DynamoLoginThrottle(client, table),
    notifications: notificationSenderFromEnv(process.env, client, table),
    rateLimiter: new DynamoRateLimiter(client, table),
    events: new DynamoAccountEventLog(client, table),
    sessions: new DynamoAccountSessionStore(client, table),
    clock: systemClock,
    lockout: lockoutPolicyFromEnv(process.env),
  };
};

/** The sessions handlers' adapters: the Identity table only (they have no Population table to name). */
export const sessionsDeps = () => {
  const client = documentClient();
  const table = identityTable();
  return {
    sessions: new DynamoAccountSessionStore(client, table),
    events: new DynamoAccountEventLog(client, table),
    clock: systemClock,
  };
};

export const officerAccountDeps = () => ({
  ...accountLifecycleDeps(),
  setups: new DynamoPasswordSetupStore(documentClient(), identityTable()),
  accessLog: accessRecorder(),
  issuer: requiredEnv('OIDC_ISSUER'),
});
