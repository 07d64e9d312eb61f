/**
 * The anchor key in AWS: a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) that never leaves KMS. `Sign` with
 * ECDSA_SHA_256 over the raw message returns a DER signature, the same format as the local key file's.
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { AnchorSigner } from '../../audit-anchor/ports.ts';

/** KMS `Sign` takes a raw message of at most 4096 bytes; statements are far smaller. */
const MAX_RAW_MESSAGE = 4096;

export class KmsAnchorSigner implements AnchorSigner {
  private publicPem: Promise<string> | undefined;

  constructor(
    private readonly client: KMSClient,
    /** The key's ARN (an alias ARN works for signing, but the statement should name the key itself). */
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<Uint8Array> {
    if (message.byteLength > MAX_RAW_MESSAGE) {
      throw new RangeError(`KMS signs raw messages of at most ${MAX_RAW_MESSAGE} bytes; got ${message.byteLength}`);
    }
    const { Signature } = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error(`KMS returned no signature for key ${this.keyId}`);
    return Signature;
  }

  publicKeyPem(): Promise<string> {
    this.publicPem ??= this.client
      .send(new GetPublicKeyCommand({ KeyId: this.keyId }))
      .then(({ PublicKey, KeySpec }) => {
        if (!PublicKey || KeySpec !== 'ECC_NIST_P256') {
          throw new Error(`KMS key ${this.keyId} is not an ECC_NIST_P256 key (key spec ${KeySpec ?? 'unknown'})`);
        }
        const base64 = Buffer.from(PublicKey)
          .toString('base64')
          .replace(/.{1,64}/g, '$&\n');
        return `-----BEGIN PUBLIC KEY-----\n${base64}-----END PUBLIC KEY-----\n`;
      });
    return this.publicPem;
  }
}
