/**
 * e-ID benchmarks: token verification per second, and the two hottest personal-data reads (a citizen's
 * own record, the hospital check-in) through the local API beside the same store calls made directly.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalCloud } from '../../infra/local/local-cloud.ts';
import { createAccessRecorder } from '../../shared/access-log/record-access.ts';
import { AccessLogStore } from '../../shared/adapters/dynamodb/access-log-store.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { hospitalCheckIn } from '../../shared/agency/hospital-check-in.ts';
import { publicKeysFromEnvironment } from '../../shared/auth/public-keys.ts';
import { createTokenVerifier } from '../../shared/auth/verify-access-token.ts';
import { getMyRecord } from '../../shared/citizen/get-my-record.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { NAME_CORPUS } from '../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../shared/seed/synthetic-population.ts';
import { tokenMinter } from '../support/mint-token.ts';
import { type LoadResult, runLoad } from './load.ts';

export interface IdentityBench {
  readonly verificationsPerSecond: number;
  readonly rows: Array<{ name: string; api: LoadResult; raw: LoadResult }>;
}

export const runIdentityBench = async (
  cloud: LocalCloud,
  citizens: number,
  load: { total: number; concurrency: number },
): Promise<IdentityBench> => {
  const mint = tokenMinter(cloud.signingKeysFile, cloud.oidcIssuer);
  const verify = createTokenVerifier({
    issuer: cloud.oidcIssuer,
    jwks: publicKeysFromEnvironment({ SIGNING_KEYS_FILE: cloud.signingKeysFile }),
  });
  const probe = await mint.citizen('001203000001', 2);
  await verify(probe);
  const rounds = 3000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await verify(probe);
  const verificationsPerSecond = rounds / ((performance.now() - started) / 1000);

  const population = syntheticCitizens(
    { communesOfProvince: (c) => communesOfProvince(c), names: NAME_CORPUS },
    0,
    Math.min(citizens, 5000),
  );
  const heads = population.filter((c) => c.status === 'alive' && c.relationToHead === 'head').map((c) => c.pin);
  if (heads.length === 0) throw new Error('No household head in the seeded population');
  const citizenTokens = await Promise.all(heads.slice(0, 500).map((pin) => mint.citizen(pin, 2)));
  const hospitalToken = await mint.agency('bench-hospital', ['hospital:checkin']);

  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const population$ = new PopulationStore(client, 'Population');
  const accessLog = createAccessRecorder(new AccessLogStore(client, 'AccessLog'), systemClock);
  const rawMe = getMyRecord({ population: population$, accessLog });
  const rawCheckIn = hospitalCheckIn({ population: population$, accessLog, now: () => new Date() });
  const me = (pin: string) => ({
    kind: 'citizen' as const,
    pin,
    level: 2 as const,
    clientId: 'citizen-portal',
    scopes: ['citizen'],
    officerRoles: [],
  });
  const hospital = { kind: 'agency' as const, clientId: 'bench-hospital', scopes: ['hospital:checkin'] };
  let nextHead = 0;
  const headIndex = () => nextHead++ % citizenTokens.length;

  // Check-ins spread over many citizens, as at a real hospital: each one appends to a different chain.
  const insured = population.filter((c) => c.status === 'alive' && c.healthInsurance).map((c) => c.pin);
  let next = 0;
  const nextPin = () => insured[next++ % insured.length] as string;

  const rows: IdentityBench['rows'] = [];
  const api =
    (path: string, token: string, init: RequestInit = {}) =>
    async () => {
      const response = await fetch(`${cloud.apiUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
      await response.arrayBuffer();
      return response.status === 200;
    };
  rows.push({
    name: 'GET /v1/me (own record + household, access log appended)',
    api: await runLoad(async () => api('/v1/me', citizenTokens[headIndex()] as string)(), load),
    raw: await runLoad(async () => Boolean(await rawMe(me(heads[headIndex()] as string), randomUUID())), load),
  });
  rows.push({
    name: 'POST /v1/agency/check-ins (coverage only, access log appended)',
    api: await runLoad(
      async () =>
        api('/v1/agency/check-ins', hospitalToken, { method: 'POST', body: JSON.stringify({ pin: nextPin() }) })(),
      load,
    ),
    raw: await runLoad(
      async () => Boolean(await rawCheckIn(hospital, { pin: nextPin(), chipVerified: true }, randomUUID())),
      load,
    ),
  });
  client.destroy();
  return { verificationsPerSecond, rows };
};
