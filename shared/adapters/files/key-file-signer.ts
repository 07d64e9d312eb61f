/**
 * The local anchor key: an ECDSA P-256 private key in a PKCS#8 PEM file (created on first use, mode 0600),
 * signing exactly as the KMS key does in AWS (SHA-256, DER signature), so anchors verify the same way.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnchorSigner } from '../../audit-anchor/ports.ts';

/** Creates the key file if it does not exist yet (never replaces one). */
export const ensureAnchorKeyFile = async (path: string): Promise<string> => {
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  try {
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return path;
};

export class KeyFileSigner implements AnchorSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly keyId: string,
    private readonly publicPem: string,
  ) {}

  /** Reads the key file; it must hold a P-256 private key. */
  static async fromFile(path: string): Promise<KeyFileSigner> {
    const privateKey = createPrivateKey(await readFile(path, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error(`${path} does not hold an ECDSA P-256 private key.`);
    }
    const publicKey = createPublicKey(privateKey);
    const fingerprint = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    return new KeyFileSigner(
      privateKey,
      `local:${fingerprint.slice(0, 16)}`,
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
    );
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'der' });
  }

  async publicKeyPem(): Promise<string> {
    return this.publicPem;
  }
}
