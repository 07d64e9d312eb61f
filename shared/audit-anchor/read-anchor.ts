/**
 * Reading an anchor back: the latest one, its signature, every anchored head (for audits), or one citizen's
 * leaf and audit path (for proofs). Whatever is read is checked against the signed root before it is trusted:
 * chunks and index are not signed themselves, the root they lead to is.
 */
import { verify } from 'node:crypto';
import {
  type AnchorIndex,
  AnchorIndexSchema,
  type AnchorStatement,
  AnchorStatementSchema,
  anchorObjectNames,
  leafData,
  parseLeaf,
  publicKeyObjectName,
} from './anchor-format.ts';
import { publicKeyFingerprint } from './create-anchor.ts';
import { inclusionPath, leafHash, treeRoot } from './merkle.ts';
import type { AnchoredHead, AnchorStore } from './ports.ts';

/** The anchor store holds something that does not add up (a changed chunk, a bad signature, a torn write). */
export class AnchorIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnchorIntegrityError';
  }
}

export interface LoadedAnchor {
  readonly statement: AnchorStatement;
  /** The signed bytes, exactly as stored. */
  readonly statementText: string;
  /** Base64 DER ECDSA signature over `statementText`. */
  readonly signature: string;
  readonly index: AnchorIndex;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const required = async (store: AnchorStore, name: string) => {
  const bytes = await store.get(name);
  if (!bytes) throw new AnchorIntegrityError(`The anchor store has no ${name}.`);
  return bytes;
};

/** One anchor's statement, signature and index (shapes checked, signature not yet). */
export const loadAnchor = async (store: AnchorStore, anchorId: string): Promise<LoadedAnchor> => {
  const names = anchorObjectNames(anchorId);
  const statementText = text(await required(store, names.statement));
  const statement = AnchorStatementSchema.safeParse(JSON.parse(statementText));
  if (!statement.success || statement.data.anchorId !== anchorId) {
    throw new AnchorIntegrityError(`${names.statement} is not an anchor statement of ${anchorId}.`);
  }
  const signature = text(await required(store, names.signature)).trim();
  const index = AnchorIndexSchema.safeParse(JSON.parse(text(await required(store, names.index))));
  if (!index.success || index.data.anchorId !== anchorId) {
    throw new AnchorIntegrityError(`${names.index} is not the chunk index of ${anchorId}.`);
  }
  return { statement: statement.data, statementText, signature, index: index.data };
};

/** The newest complete anchor (one whose statement was written), or undefined when none exists yet. */
export const latestAnchor = async (store: AnchorStore): Promise<LoadedAnchor | undefined> => {
  const ids = (await store.listAnchorIds()).sort().reverse();
  for (const id of ids) {
    if (await store.get(anchorObjectNames(id).statement)) return loadAnchor(store, id);
  }
  return undefined;
};

/** The public key the anchor names, as stored beside it (its fingerprint checked against the statement). */
export const storedPublicKey = async (store: AnchorStore, anchor: LoadedAnchor): Promise<string> => {
  const pem = text(await required(store, publicKeyObjectName(anchor.statement.publicKeySha256)));
  if (publicKeyFingerprint(pem) !== anchor.statement.publicKeySha256) {
    throw new AnchorIntegrityError(`The stored public key of ${anchor.statement.anchorId} has another fingerprint.`);
  }
  return pem;
};

/**
 * Whether the anchor was signed by the holder of `trustedPublicKeyPem`: the statement must name that key's
 * fingerprint and the signature must verify over the statement's exact bytes.
 */
export const signatureValid = (
  anchor: Pick<LoadedAnchor, 'statement' | 'statementText' | 'signature'>,
  trustedPublicKeyPem: string,
) =>
  publicKeyFingerprint(trustedPublicKeyPem) === anchor.statement.publicKeySha256 &&
  verify(
    'sha256',
    Buffer.from(anchor.statementText, 'utf8'),
    trustedPublicKeyPem,
    Buffer.from(anchor.signature, 'base64'),
  );

/** The heads of one chunk, each line checked; the chunk's root checked against the index. */
const readChunk = async (store: AnchorStore, anchor: LoadedAnchor, n: number): Promise<AnchoredHead[]> => {
  const name = anchorObjectNames(anchor.statement.anchorId).chunk(n);
  const lines = text(await required(store, name))
    .split('\n')
    .filter(Boolean);
  const heads = lines.map((line, i) => {
    const head = parseLeaf(line);
    if (!head) throw new AnchorIntegrityError(`Line ${i + 1} of ${name} is not a leaf ("<pin>:<seq>:<hash>").`);
    return head;
  });
  const entry = anchor.index.chunks[n];
  const root = treeRoot(heads.map((head) => leafHash(leafData(head)))).toString('hex');
  if (!entry || root !== entry.root || heads.length !== entry.size) {
    throw new AnchorIntegrityError(`${name} does not match the index of anchor ${anchor.statement.anchorId}.`);
  }
  return heads;
};

/** The index leads to the signed root and size, and its chunks are in PIN order without overlap. */
const checkIndex = (anchor: LoadedAnchor) => {
  const { chunks } = anchor.index;
  const size = chunks.reduce((sum, chunk) => sum + chunk.size, 0);
  const root = treeRoot(chunks.map((chunk) => Buffer.from(chunk.root, 'hex'))).toString('hex');
  const ordered = chunks.every(
    (chunk, i) => chunk.first <= chunk.last && (i === 0 || (chunks[i - 1]?.last ?? '') < chunk.first),
  );
  const aligned = chunks.every((chunk, i) => i === chunks.length - 1 || chunk.size === anchor.statement.chunkLeaves);
  if (size !== anchor.statement.treeSize || root !== anchor.statement.rootHash || !ordered || !aligned) {
    throw new AnchorIntegrityError(
      `The chunk index of anchor ${anchor.statement.anchorId} does not lead to its signed root.`,
    );
  }
};

/** Every anchored head, by PIN, each chunk checked against the index and the index against the signed root. */
export const readAnchoredHeads = async (
  store: AnchorStore,
  anchor: LoadedAnchor,
): Promise<Map<string, AnchoredHead>> => {
  checkIndex(anchor);
  const heads = new Map<string, AnchoredHead>();
  for (let n = 0; n < anchor.index.chunks.length; n++) {
    for (const head of await readChunk(store, anchor, n)) heads.set(head.pin, head);
  }
  if (heads.size !== anchor.statement.treeSize) {
    throw new AnchorIntegrityError(`Anchor ${anchor.statement.anchorId} names a citizen twice.`);
  }
  return heads;
};

/** One citizen's anchored head, its leaf index and audit path; undefined if the anchor has no chain of theirs. */
export const findAnchoredHead = async (
  store: AnchorStore,
  anchor: LoadedAnchor,
  pin: string,
): Promise<{ head: AnchoredHead; leafIndex: number; path: Buffer[] } | undefined> => {
  checkIndex(anchor);
  const { chunks } = anchor.index;
  const n = chunks.findIndex((chunk) => chunk.first <= pin && pin <= chunk.last);
  if (n < 0) return undefined;
  const heads = await readChunk(store, anchor, n);
  const i = heads.findIndex((head) => head.pin === pin);
  const head = heads[i];
  if (!head) return undefined;
  const path = [
    ...inclusionPath(
      heads.map((h) => leafHash(leafData(h))),
      i,
    ),
    ...inclusionPath(
      chunks.map((chunk) => Buffer.from(chunk.root, 'hex')),
      n,
    ),
  ];
  return { head, leafIndex: n * anchor.statement.chunkLeaves + i, path };
};

/** What an audit checks chains against: the latest anchor's heads, or why there are none to check against. */
export type AnchorBaselineResult =
  | { readonly status: 'none' }
  | { readonly status: 'invalid'; readonly anchorId: string; readonly message: string }
  | {
      readonly status: 'valid';
      readonly anchorId: string;
      readonly anchoredAt: string;
      readonly heads: ReadonlyMap<string, AnchoredHead>;
    };

/**
 * The latest anchor, trusted only if signed by `trustedPublicKeyPem` and if its chunks lead to the signed root.
 * An anchor that fails either is itself evidence of tampering with the anchor store (or of a wrong key).
 */
export const loadAnchorBaseline = async (
  store: AnchorStore,
  trustedPublicKeyPem: string,
): Promise<AnchorBaselineResult> => {
  let anchor: LoadedAnchor | undefined;
  try {
    anchor = await latestAnchor(store);
  } catch (error) {
    if (!(error instanceof AnchorIntegrityError)) throw error;
    return { status: 'invalid', anchorId: 'latest', message: error.message };
  }
  if (!anchor) return { status: 'none' };
  const { anchorId, anchoredAt } = anchor.statement;
  if (!signatureValid(anchor, trustedPublicKeyPem)) {
    return {
      status: 'invalid',
      anchorId,
      message: `the signature of anchor ${anchorId} does not verify with the trusted anchor key`,
    };
  }
  try {
    return { status: 'valid', anchorId, anchoredAt, heads: await readAnchoredHeads(store, anchor) };
  } catch (error) {
    if (!(error instanceof AnchorIntegrityError)) throw error;
    return { status: 'invalid', anchorId, message: error.message };
  }
};
