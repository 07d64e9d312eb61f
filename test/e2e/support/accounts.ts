/** e-ID accounts for the people a browser test signs in as, made through the registration use case. */
import { inject } from 'vitest';
import { DynamoAccountStore, OutboxNotificationSender } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { systemClock } from '../../../shared/domain/clock.ts';
import { registerLevel1Account } from '../../../shared/identity/accounts.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { DEMO_PASSWORD } from './browser.ts';

/** A level-2 account for `pin` with the demo password (registered with a matching selfie, raised at the police). */
export const level2AccountFor = async (pin: string, activatedBy: string): Promise<void> => {
  const client = testDocumentClient();
  const accounts = new DynamoAccountStore(client, 'Identity');
  if (!(await accounts.get(pin))) {
    await registerLevel1Account({
      citizens: new PopulationStore(client, 'Population'),
      accounts,
      notifications: new OutboxNotificationSender(client, 'Identity', undefined, () => undefined),
      clock: systemClock,
      selfieCheck: { verify: async () => ({ match: true, reference: 'e2e-face-match' }) },
      hashParams: { N: 2 ** 12, r: 8, p: 1 },
    })({ pin, password: DEMO_PASSWORD, selfie: 'c2VsZmll' });
  }
  const at = new Date().toISOString();
  await accounts.setLevel2(pin, { activatedAt: at, activatedBy }, at);
};

export const portalUrl = () => inject('apiUrl');
export const dynamoDbEndpoint = () => inject('dynamoDbEndpoint');
