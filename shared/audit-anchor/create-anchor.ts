/**
 * Anchoring: the heads of all access-log chains combined into one signed digest, written where the database's
 * administrators cannot change it (S3 Object Lock in compliance mode; an append-only folder locally). Once
 * anchored, a chain can only grow: rewriting any anchored entry, or deleting the chain, no longer matches the
 * anchor. Runs daily (EventBridge schedule) and on demand (`npm run audit:anchor`).
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import {
  ANCHOR_VERSION,
  type AnchorIndex,
  type AnchorStatement,
  anchorObjectNames,
  CHUNK_LEAVES,
  isAnchorableHead,
  LEAF_ENCODING,
  leafData,
  newAnchorId,
  publicKeyObjectName,
  SIGNATURE_ALGORITHM,
} from './anchor-format.ts';
import { leafHash, treeRoot } from './merkle.ts';
import type { AnchoredHead, AnchorSigner, AnchorStore, ChainHeadSource } from './ports.ts';
import { AnchorObjectExistsError } from './ports.ts';

export interface AnchorResult {
  readonly statement: AnchorStatement;
  /** Heads that could not be anchored (not a PIN, a sequence number and a hash): tampered or broken items. */
  readonly skipped: readonly AnchoredHead[];
  /** Milliseconds spent reading heads, building the tree, and signing and writing. */
  readonly timings: { readonly readMs: number; readonly treeMs: number; readonly writeMs: number };
}

/** SHA-256 of the DER SubjectPublicKeyInfo of a PEM public key, hex. */
export const publicKeyFingerprint = (pem: string): string =>
  createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Makes one anchor.
 * 1. Read every chain's head (a parallel scan of the head items) and keep the well-formed ones, sorted by PIN.
 * 2. Hash each as a leaf and cut the leaves into chunks of CHUNK_LEAVES; the root of the chunk roots is the root
 *    of the whole tree (RFC 6962: aligned chunks are subtrees).
 * 3. Sign the statement (root, size, time, key) with the anchor key.
 * 4. Write the public key (once per key), the chunks, the index, the signature, and the statement last, so a
 *    statement present means a complete anchor. Nothing is ever overwritten.
 */
export const createAnchor =
  (deps: { heads: ChainHeadSource; signer: AnchorSigner; store: AnchorStore; clock: Clock; random?: () => string }) =>
  async (): Promise<AnchorResult> => {
    const started = performance.now();
    const all = await deps.heads.allHeads();
    const skipped = all.filter((head) => !isAnchorableHead(head));
    const heads = all.filter(isAnchorableHead).sort((a, b) => (a.pin < b.pin ? -1 : a.pin > b.pin ? 1 : 0));
    const read = performance.now();

    const chunks: Array<{ heads: AnchoredHead[]; root: Buffer }> = [];
    for (let from = 0; from < heads.length; from += CHUNK_LEAVES) {
      const part = heads.slice(from, from + CHUNK_LEAVES);
      chunks.push({ heads: part, root: treeRoot(part.map((head) => leafHash(leafData(head)))) });
    }
    const root = treeRoot(chunks.map((chunk) => chunk.root));
    const built = performance.now();

    const at = deps.clock.now();
    const anchorId = newAnchorId(at, deps.random?.() ?? randomBytes(4).toString('hex'));
    const publicKeyPem = await deps.signer.publicKeyPem();
    const fingerprint = publicKeyFingerprint(publicKeyPem);
    const statement: AnchorStatement = {
      version: ANCHOR_VERSION,
      anchorId,
      log: 'access-log',
      anchoredAt: at.toISOString(),
      treeSize: heads.length,
      rootHash: root.toString('hex'),
      leafEncoding: LEAF_ENCODING,
      chunkLeaves: CHUNK_LEAVES,
      keyId: deps.signer.keyId,
      signatureAlgorithm: SIGNATURE_ALGORITHM,
      publicKeySha256: fingerprint,
    };
    const statementBytes = utf8(`${JSON.stringify(statement, null, 2)}\n`);
    const signature = await deps.signer.sign(statementBytes);

    const names = anchorObjectNames(anchorId);
    try {
      await deps.store.putNew(publicKeyObjectName(fingerprint), utf8(publicKeyPem));
    } catch (error) {
      if (!(error instanceof AnchorObjectExistsError)) throw error;
    }
    const index: AnchorIndex = {
      anchorId,
      chunks: chunks.map((chunk) => ({
        first: chunk.heads[0]?.pin as string,
        last: chunk.heads.at(-1)?.pin as string,
        size: chunk.heads.length,
        root: chunk.root.toString('hex'),
      })),
    };
    const writes = chunks.map((chunk, n) =>
      deps.store.putNew(names.chunk(n), utf8(`${chunk.heads.map(leafData).join('\n')}\n`)),
    );
    await Promise.all(writes);
    await deps.store.putNew(names.index, utf8(`${JSON.stringify(index)}\n`));
    await deps.store.putNew(names.signature, utf8(`${Buffer.from(signature).toString('base64')}\n`));
    await deps.store.putNew(names.statement, statementBytes);
    const written = performance.now();
    return {
      statement,
      skipped,
      timings: { readMs: read - started, treeMs: built - read, writeMs: written - built },
    };
  };
