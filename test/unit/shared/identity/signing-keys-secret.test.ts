import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  publicJwks,
  rotateSecretSigningKeys,
  rotationRequestToken,
  SecretsManagerSigningKeyStore,
  type SigningKeySet,
} from '../../../../shared/identity/signing-keys.ts';

const ARN = 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:SigningKeys-AbCdEf';
const T0 = new Date('2026-07-01T00:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'ap-southeast-1' });
const store = () => new SecretsManagerSigningKeyStore(ARN, client);
const noValue = () =>
  new ResourceNotFoundException({
    $metadata: {},
    message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
  });
const holding = (set: SigningKeySet, versionId = 'v1') =>
  sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: JSON.stringify(set), VersionId: versionId });
const written = (): SigningKeySet => {
  const [call] = sm.commandCalls(PutSecretValueCommand);
  return JSON.parse(String(call?.args[0].input.SecretString)) as SigningKeySet;
};

beforeEach(() => sm.reset());

describe('SecretsManagerSigningKeyStore', () => {
  it('reads the key set from the secret string, the same JSON as the local key file', async () => {
    const set = { keys: [await generateSigningKey('ES256', T0)] };
    holding(set);
    await expect(store().load()).resolves.toEqual(set);
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ARN });
  });

  it('serves publicJwks without private members', async () => {
    holding({ keys: [await generateSigningKey('ES256', T0)] });
    const { keys } = await publicJwks(store(), T0);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('explains a secret that is not JSON without echoing its text', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"keys": [{"d": "PRIVATE', VersionId: 'v1' });
    const failure = store().load();
    await expect(failure).rejects.toThrow(
      `The signing key set in secret ${ARN} is not valid: its SecretString is not JSON`,
    );
    await expect(failure).rejects.not.toThrow(/PRIVATE/);
  });

  it('explains a secret whose JSON is not a key set', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ keys: [{ kty: 'EC', kid: 'a' }] }) });
    await expect(store().load()).rejects.toThrow(/secret arn:aws:secretsmanager:.*is not valid: keys\.0\.alg/);
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ keys: [] }) });
    await expect(store().load()).rejects.toThrow(/at least one key/);
  });

  it('explains a binary secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(store().load()).rejects.toThrow(/no SecretString/);
  });

  it('points operators at the bootstrap when the secret has no value yet, and never writes', async () => {
    sm.on(GetSecretValueCommand).rejects(noValue());
    await expect(store().load()).rejects.toThrow(/has no value yet: bootstrap it with rotateSecretSigningKeys/);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('names the secret when it cannot be read', async () => {
    sm.on(GetSecretValueCommand).rejects(new Error('User is not authorized to perform: kms:Decrypt'));
    await expect(store().load()).rejects.toThrow(`Cannot read the signing-key secret ${ARN}: User is not authorized`);
  });
});

describe('rotateSecretSigningKeys', () => {
  it('bootstraps an empty secret with one current ES256 key', async () => {
    sm.on(GetSecretValueCommand).rejects(noValue());
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v1' });
    const set = await rotateSecretSigningKeys(ARN, { client, now: T0 });
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ alg: 'ES256', createdAt: T0.toISOString() });
    expect(set.keys[0]?.retiredAt).toBeUndefined();
    expect(written()).toEqual(set);
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: ARN,
      ClientRequestToken: rotationRequestToken(ARN, undefined),
    });
  });

  it('rotates: new key first, the old one retired but published, long-retired keys dropped', async () => {
    const gone = { ...(await generateSigningKey('ES256', T0)), retiredAt: T0.toISOString() };
    const old = await generateSigningKey('ES256', T0);
    holding({ keys: [old, gone] }, 'version-7');
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'version-8' });
    const now = later(3600);
    const set = await rotateSecretSigningKeys(ARN, { client, now, retentionSeconds: 600 });
    expect(set.keys.map((k) => k.kid)).toEqual([set.keys[0]?.kid, old.kid]);
    expect(set.keys[0]?.kid).not.toBe(old.kid);
    expect(set.keys[1]?.retiredAt).toBe(now.toISOString());
    expect(written()).toEqual(set);
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input.ClientRequestToken).toBe(
      rotationRequestToken(ARN, 'version-7'),
    );
  });

  it('keeps tokens signed before a rotation verifiable with the published keys', async () => {
    const signer = await generateSigningKey('ES256', T0);
    holding({ keys: [signer] });
    sm.on(PutSecretValueCommand).resolves({});
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
      .setAudience('urn:p06:api')
      .setExpirationTime('10m')
      .sign(await importJWK(signer, 'ES256'));
    const rotated = await rotateSecretSigningKeys(ARN, { client, now: T0 });
    holding(rotated, 'v2');
    const jwks = createLocalJWKSet(await publicJwks(store(), T0));
    await expect(jwtVerify(token, jwks, { audience: 'urn:p06:api', currentDate: T0 })).resolves.toBeDefined();
  });

  it('derives a valid, deterministic request token per starting version', () => {
    const token = rotationRequestToken(ARN, 'v1');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(rotationRequestToken(ARN, 'v1')).toBe(token);
    expect(rotationRequestToken(ARN, 'v2')).not.toBe(token);
    expect(rotationRequestToken(ARN, undefined)).not.toBe(token);
  });

  it('refuses to overwrite a concurrent rotation from the same starting version', async () => {
    holding({ keys: [await generateSigningKey('ES256', T0)] });
    sm.on(PutSecretValueCommand).rejects(
      new ResourceExistsException({ $metadata: {}, message: 'A version with this ClientRequestToken already exists' }),
    );
    await expect(rotateSecretSigningKeys(ARN, { client, now: T0 })).rejects.toThrow(
      /Another rotation of .* this one wrote nothing/,
    );
  });
});
