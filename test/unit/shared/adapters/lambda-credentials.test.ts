/** The credential chain that replaces the SDK's default one in Lambda bundles: the environment, nothing else. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsWillNeedRefresh, defaultProvider } from '../../../../shared/adapters/lambda-credentials.ts';

afterEach(() => vi.unstubAllEnvs());

describe('Lambda credential chain', () => {
  it('returns the role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fails loudly when the environment holds no credentials, instead of trying other sources', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/environment/i);
  });

  it('asks for a refresh only of credentials that expire within five minutes', () => {
    const base = { accessKeyId: 'a', secretAccessKey: 'b' };
    expect(credentialsWillNeedRefresh(base)).toBe(false);
    expect(credentialsWillNeedRefresh({ ...base, expiration: new Date(Date.now() + 60_000) })).toBe(true);
    expect(credentialsWillNeedRefresh({ ...base, expiration: new Date(Date.now() + 3_600_000) })).toBe(false);
  });
});
