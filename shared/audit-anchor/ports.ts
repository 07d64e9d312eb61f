/**
 * What anchoring depends on: the heads of the chains, a signer, and write-once storage. Adapters: DynamoDB
 * (heads), KMS or a local key file (signer), S3 with Object Lock or an append-only folder (store).
 */

/** A chain's head as anchored: the citizen, the newest sequence number and its hash. */
export interface AnchoredHead {
  readonly pin: string;
  readonly seq: number;
  readonly hash: string;
}

/** Reads the head of every chain (in any order; anchoring sorts them). */
export interface ChainHeadSource {
  allHeads(): Promise<AnchoredHead[]>;
}

/** Signs with ECDSA P-256 / SHA-256 and returns the DER signature (what KMS `Sign` returns). */
export interface AnchorSigner {
  /** The key's identifier: a KMS key ARN in AWS, `local:<fingerprint>` locally. */
  readonly keyId: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public key, SubjectPublicKeyInfo PEM. */
  publicKeyPem(): Promise<string>;
}

/** Thrown by `AnchorStore.putNew` when the name is taken: anchors are never overwritten. */
export class AnchorObjectExistsError extends Error {
  constructor(name: string) {
    super(`The anchor store already holds ${name}; anchors are written once and never overwritten.`);
    this.name = 'AnchorObjectExistsError';
  }
}

/** Write-once storage of anchors, by relative name such as `anchors/<id>/statement.json`. */
export interface AnchorStore {
  /** Writes a new object; AnchorObjectExistsError if the name exists. */
  putNew(name: string, body: Uint8Array): Promise<void>;
  /** The object, or undefined if there is none. */
  get(name: string): Promise<Uint8Array | undefined>;
  /** Identifiers of the anchors stored (the folder names under `anchors/`), in any order. */
  listAnchorIds(): Promise<string[]>;
}
