import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FilePinSerialKey,
  pinSerialKeyFromEnv,
  SecretsManagerPinSerialKey,
} from '../../../../shared/adapters/secrets/pin-serial-key.ts';

const KEY_TEXT = 'k'.repeat(40);
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

describe('PIN serial key stores', () => {
  it('reads the key from the secret named in the environment, once per execution environment', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'arn:pin' }).resolves({ SecretString: KEY_TEXT });
    const store = pinSerialKeyFromEnv({ PIN_SERIAL_KEY_SECRET_ARN: 'arn:pin' });

    const [first, second] = await Promise.all([store.load(), store.load()]);

    expect(Buffer.from(first).toString('utf8')).toBe(KEY_TEXT);
    expect(second).toBe(first);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('tries the secret again after a failed read instead of keeping the failure', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: KEY_TEXT });
    const store = pinSerialKeyFromEnv({ PIN_SERIAL_KEY_SECRET_ARN: 'arn:pin' });

    await expect(store.load()).rejects.toThrow('throttled');
    expect(Buffer.from(await store.load()).toString('utf8')).toBe(KEY_TEXT);
  });

  it('refuses a key shorter than 32 characters without echoing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'short-secret' });

    const loading = new SecretsManagerPinSerialKey('arn:pin', new SecretsManagerClient({})).load();

    await expect(loading).rejects.toThrow(/at least 32 characters/);
    await expect(loading).rejects.not.toThrow(/short-secret/);
  });

  it('reads a local key file, and says which variable to set when none is named', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pin-key-')), 'pin-serial-key');
    writeFileSync(path, `${KEY_TEXT}\n`);

    expect(Buffer.from(await new FilePinSerialKey(path).load()).toString('utf8')).toBe(KEY_TEXT);
    await expect(pinSerialKeyFromEnv({}).load()).rejects.toThrow(/PIN_SERIAL_KEY_FILE.*PIN_SERIAL_KEY_SECRET_ARN/);
  });
});
