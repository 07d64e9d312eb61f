/**
 * The AWS SDK's default credential chain, as the bundled Lambda functions need it: from the environment only.
 *
 * Lambda always hands a function its role's credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN`, so the rest of the chain (shared config files, SSO, web identity, the container and
 * instance metadata endpoints, and the STS and SSO clients they bring) never runs there but weighed about 90 KB
 * in every bundle. `infra/bundling.ts` aliases `@aws-sdk/credential-provider-node` to this module in Lambda bundles
 * only; the local cloud, the tests and the command-line tools keep the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Refresh five minutes before expiry, as the full chain does (an expiry is set only by some environments). */
const REFRESH_BEFORE_MS = 300_000;

export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS;

export const credentialsTreatedAsExpired = credentialsWillNeedRefresh;

/** Same signature as the full chain's `defaultProvider`; options for the other sources are ignored. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider =>
  fromEnv(init);
