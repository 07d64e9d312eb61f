/**
 * What an anchor is, byte for byte (docs/audit-anchoring.md explains it for independent verifiers).
 *
 * An anchor commits to the head (`seq`, `hash`) of every citizen's access-log chain at one moment:
 * - leaves: one per chain, sorted by PIN (ASCII order), leaf data the ASCII text `<pin>:<seq>:<hash>`,
 *   leaf hash SHA-256(0x00 || data) (RFC 6962);
 * - heads are stored in chunks of CHUNK_LEAVES leaves (`heads/000000.txt`, one leaf data per line), each chunk
 *   an aligned subtree, and `index.json` lists each chunk's first and last PIN and subtree root, so one
 *   citizen's proof needs one chunk, not every head;
 * - `statement.json` (the signed bytes, exactly as stored) holds the root, the tree size and the key;
 *   `statement.sig` is the ECDSA P-256 / SHA-256 signature over those bytes, DER, base64.
 */
import * as z from '../validation/zod.ts';
import type { AnchoredHead } from './ports.ts';

export const ANCHOR_VERSION = 'p06-audit-anchor/v1';
/** Leaves per stored chunk: a power of two, so each chunk is a subtree of the tree. */
export const CHUNK_LEAVES = 4096;
export const LEAF_ENCODING = 'sha256(0x00 || ascii("<pin>:<seq>:<hash>")), leaves sorted by pin';
export const SIGNATURE_ALGORITHM = 'ECDSA_SHA_256';

const Hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash in lowercase hex.'));
export const AnchorIdSchema = z
  .string()
  .check(z.regex(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{8}$/, 'An anchor ID such as 20261205T020000.000Z-1a2b3c4d.'));

/** The signed statement. */
export const AnchorStatementSchema = z.strictObject({
  version: z.literal(ANCHOR_VERSION),
  anchorId: AnchorIdSchema,
  log: z.literal('access-log'),
  anchoredAt: z.iso.datetime({ precision: 3 }),
  treeSize: z.int().check(z.gte(0)),
  rootHash: Hex64,
  leafEncoding: z.literal(LEAF_ENCODING),
  chunkLeaves: z.literal(CHUNK_LEAVES),
  keyId: z.string().check(z.minLength(1)),
  signatureAlgorithm: z.literal(SIGNATURE_ALGORITHM),
  /** SHA-256 of the public key's DER SubjectPublicKeyInfo, hex: its fingerprint. */
  publicKeySha256: Hex64,
});
export type AnchorStatement = z.infer<typeof AnchorStatementSchema>;

export const AnchorIndexSchema = z.strictObject({
  anchorId: AnchorIdSchema,
  chunks: z.array(
    z.strictObject({
      first: z.string(),
      last: z.string(),
      size: z.int().check(z.gte(1), z.lte(CHUNK_LEAVES)),
      root: Hex64,
    }),
  ),
});
export type AnchorIndex = z.infer<typeof AnchorIndexSchema>;

export const anchorObjectNames = (anchorId: string) => ({
  statement: `anchors/${anchorId}/statement.json`,
  signature: `anchors/${anchorId}/statement.sig`,
  index: `anchors/${anchorId}/index.json`,
  chunk: (n: number) => `anchors/${anchorId}/heads/${String(n).padStart(6, '0')}.txt`,
});

export const publicKeyObjectName = (fingerprint: string) => `public-keys/${fingerprint}.pem`;

/** A sortable ID: the instant, compact, and 8 random hex digits. */
export const newAnchorId = (at: Date, random: string): string => `${at.toISOString().replace(/[-:]/g, '')}-${random}`;

/** The leaf data of a head. */
export const leafData = (head: AnchoredHead): string => `${head.pin}:${head.seq}:${head.hash}`;

const LEAF = /^(\d{12}):([1-9]\d{0,11}):([0-9a-f]{64})$/;

/** A head that can be anchored: a 12-digit PIN, a positive sequence number, a hex SHA-256. */
export const isAnchorableHead = (head: AnchoredHead): boolean => LEAF.test(leafData(head));

/** The head a leaf line stands for, or undefined if the line is not one. */
export const parseLeaf = (line: string): AnchoredHead | undefined => {
  const match = LEAF.exec(line);
  return match ? { pin: match[1] as string, seq: Number(match[2]), hash: match[3] as string } : undefined;
};
