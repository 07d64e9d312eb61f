/**
 * The e-ID service behind `GET /.well-known/openid-configuration` and `ANY /oidc/{proxy+}`: oidc-provider (a Koa
 * application) run by serverless-http on API Gateway REST proxy events. The provider is built once per execution
 * environment and rebuilt only when the signing keys change (checked every `SIGNING_KEYS_CACHE_SECONDS`, default
 * 300), so a rotation reaches every environment without a redeployment.
 *
 * Environment: OIDC_ISSUER, IDENTITY_TABLE, POPULATION_TABLE, ACCESS_LOG_TABLE, SIGNING_KEYS_FILE (or SIGNING_KEYS_SECRET_ARN),
 * optional NOTIFICATION_SENDER (default outbox), LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS, LOGIN_MAX_FAILURES_PER_PIN,
 * LOGIN_PIN_WINDOW_SECONDS (shared/identity/lockout.ts), SIGNING_KEYS_CACHE_SECONDS.
 */
import type { IncomingMessage } from 'node:http';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import {
  DynamoAccountStore,
  DynamoLoginThrottle,
  DynamoOneTimeCodeStore,
  notificationSenderFromEnv,
} from '../../shared/adapters/dynamodb/identity-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/adapters/dynamodb/oidc-adapter.ts';
import { DynamoPasswordSetupStore } from '../../shared/adapters/dynamodb/password-setup-store.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { edgeSecretFromEnv } from '../../shared/adapters/secrets/edge-secret.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { lockoutPolicyFromEnv } from '../../shared/identity/lockout.ts';
import { createOidcProvider } from '../../shared/identity/oidc/provider.ts';
import { keyStoreFromEnv, type SigningKeySet } from '../../shared/identity/signing-keys.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { accessRecorder } from '../../shared/lambda/stores.ts';
import { interactionViews } from './views/interaction-views.ts';

type Handle = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface Built {
  readonly handle: Handle;
  /** Which keys the provider was built with. */
  readonly keyIds: string;
}

const keyIdsOf = (keys: SigningKeySet) => keys.keys.map((k) => `${k.kid}:${k.retiredAt ?? ''}`).join(',');

/** Read once per execution environment (shared/adapters/secrets/edge-secret.ts). */
const edgeSecret = edgeSecretFromEnv();

const build = (keys: SigningKeySet): Built => {
  const issuer = requiredEnv('OIDC_ISSUER');
  const identityTable = requiredEnv('IDENTITY_TABLE');
  const client = documentClient();
  const provider = createOidcProvider({
    issuer,
    keys,
    adapter: dynamoDbOidcAdapter({ client, tableName: identityTable }),
    accounts: new DynamoAccountStore(client, identityTable),
    citizens: new PopulationStore(client, requiredEnv('POPULATION_TABLE')),
    throttle: new DynamoLoginThrottle(client, identityTable),
    codes: new DynamoOneTimeCodeStore(client, identityTable),
    passwordSetups: new DynamoPasswordSetupStore(client, identityTable),
    notifications: notificationSenderFromEnv(process.env, client, identityTable),
    clock: systemClock,
    lockout: lockoutPolicyFromEnv(process.env),
    views: interactionViews,
    accessLog: accessRecorder(),
    edgeSecret,
  });
  provider.on('server_error', (_ctx, error) => logger.error('e-ID provider error', error as Error));
  const issuerUrl = new URL(issuer);
  const handle = serverless(provider, {
    // Every URL the provider writes (endpoints, redirects, cookies) derives from the issuer, never from headers
    // a caller could set.
    request: (request: IncomingMessage) => {
      request.headers.host = issuerUrl.host;
      delete request.headers['x-forwarded-host'];
      delete request.headers['x-forwarded-proto'];
      (request.socket as { encrypted?: boolean }).encrypted = issuerUrl.protocol === 'https:';
    },
  }) as unknown as Handle;
  return { handle, keyIds: keyIdsOf(keys) };
};

const keyStore = () => keyStoreFromEnv(process.env);
const cacheMs = () => Number(process.env.SIGNING_KEYS_CACHE_SECONDS ?? 300) * 1000;

let current: { built: Promise<Built>; checkedAt: number } | undefined;

const providerHandle = async (): Promise<Built> => {
  const now = Date.now();
  if (current && now - current.checkedAt >= cacheMs()) {
    const previous = current;
    previous.checkedAt = now;
    try {
      const keys = await keyStore().load();
      if (keyIdsOf(keys) !== (await previous.built).keyIds) {
        current = { built: Promise.resolve(build(keys)), checkedAt: now };
      }
    } catch (error) {
      // Keep signing with the keys already loaded; the next check tries again.
      logger.warn('Could not reload the signing keys', error as Error);
    }
  }
  if (!current) {
    const built = keyStore()
      .load()
      .then((keys) => build(keys));
    current = { built, checkedAt: now };
    // A failed start (missing configuration, unreadable keys) is retried by the next request.
    built.catch(() => {
      if (current?.built === built) current = undefined;
    });
  }
  return current.built;
};

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => (await providerHandle()).handle(event, context));
