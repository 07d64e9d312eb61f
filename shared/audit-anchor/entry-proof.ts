/**
 * `GET /v1/me/access-log/{entryId}/proof`: a proof, for the citizen to keep or hand to anyone, that an entry of
 * their access log is included in a signed anchor. It holds everything an independent verifier needs
 * (docs/audit-anchoring.md, docs/examples/verify-access-log-proof.mjs):
 * - `links`: the stored entries from the one asked about to the anchored head, each hashed over its content
 *   and linked to the one before (the hash chain);
 * - `leaf` and `inclusionPath`: the anchored head's leaf and its RFC 6962 audit path to the signed root;
 * - `anchor`: the signed statement (exact bytes), the signature, the key ID and the public key.
 * Reading one's own proof is not logged, like reading one's own log (list-my-access-log.ts).
 */

import type { StoredAccessEntry } from '../access-log/access-entry.ts';
import type { AccessChainReader } from '../access-log/verify-all-chains.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import { leafData } from './anchor-format.ts';
import type { AnchoredHead, AnchorStore } from './ports.ts';
import { findAnchoredHead, latestAnchor, storedPublicKey } from './read-anchor.ts';

/** An entry's ID: its sequence number in the citizen's chain, or its hash (64 lowercase hex digits). */
export const EntryIdSchema = z.union(
  [z.string().check(z.regex(/^[1-9]\d{0,11}$/)), z.string().check(z.regex(/^[0-9a-f]{64}$/))],
  { error: "An entry ID is the entry's sequence number (1, 2, …) or its hash (64 lowercase hex digits)." },
);

export interface AccessLogEntryProof {
  readonly entry: { readonly seq: number; readonly hash: string };
  /** Entries `entry.seq` … `anchoredHead.seq`, as stored, oldest first. */
  readonly links: readonly StoredAccessEntry[];
  readonly anchoredHead: AnchoredHead;
  readonly leaf: { readonly index: number; readonly data: string };
  /** Sibling hashes (hex) from the leaf up to the root. */
  readonly inclusionPath: readonly string[];
  readonly anchor: {
    readonly anchorId: string;
    readonly anchoredAt: string;
    readonly treeSize: number;
    readonly rootHash: string;
    /** The signed bytes, exactly. */
    readonly statement: string;
    /** ECDSA P-256 / SHA-256, DER, base64. */
    readonly signature: string;
    readonly keyId: string;
    readonly publicKeySha256: string;
    /** SubjectPublicKeyInfo PEM; compare its fingerprint with the one the platform publishes. */
    readonly publicKey: string;
  };
}

/**
 * The proof for one entry of the citizen's own log.
 * 1. Check the entry ID (400 naming `entryId`); find the entry in the citizen's chain, by sequence number or
 *    hash; none (another citizen's entry included) is a 404.
 * 2. Load the latest anchor and the citizen's anchored head with its audit path; an entry newer than the
 *    anchored head, or no anchor yet, is a 409 that says when it will be provable.
 * 3. Collect the links from the entry to the anchored head; if they do not lead there, the stored chain no
 *    longer matches the anchor (tampering) and no proof is given.
 */
export const proveAccessLogEntry =
  (deps: { chains: Pick<AccessChainReader, 'readChain'>; anchors: AnchorStore }) =>
  async (pin: string, entryId: string): Promise<AccessLogEntryProof> => {
    const id = EntryIdSchema.safeParse(entryId);
    if (!id.success) {
      const message = id.error.issues[0]?.message ?? 'Not an entry ID.';
      throw new ValidationError(message, [{ field: 'entryId', message }]);
    }
    const chain = await deps.chains.readChain(pin);
    const byHash = id.data.length === 64;
    const entry = chain.entries.find((e) => (byHash ? e.hash === id.data : e.seq === Number(id.data)));
    if (!entry) throw new NotFoundError(`Your access log has no entry ${entryId}.`);

    const anchor = await latestAnchor(deps.anchors);
    if (!anchor) {
      throw new ConflictError('No anchor has been made yet; entries become provable after the next daily anchor.');
    }
    const found = await findAnchoredHead(deps.anchors, anchor, pin);
    if (!found || found.head.seq < entry.seq) {
      throw new ConflictError(
        `Entry ${entry.seq} is newer than the latest anchor (${anchor.statement.anchoredAt}); it becomes provable after the next daily anchor.`,
      );
    }
    const links = chain.entries
      .filter((e) => e.seq >= entry.seq && e.seq <= found.head.seq)
      .sort((a, b) => a.seq - b.seq);
    if (links.at(-1)?.hash !== found.head.hash || links.length !== found.head.seq - entry.seq + 1) {
      throw new Error(
        `The access log of citizen ${pin} no longer matches anchor ${anchor.statement.anchorId}; run "npm run audit:verify -- --citizen ${pin}".`,
      );
    }
    return {
      entry: { seq: entry.seq, hash: entry.hash },
      links,
      anchoredHead: found.head,
      leaf: { index: found.leafIndex, data: leafData(found.head) },
      inclusionPath: found.path.map((hash) => hash.toString('hex')),
      anchor: {
        anchorId: anchor.statement.anchorId,
        anchoredAt: anchor.statement.anchoredAt,
        treeSize: anchor.statement.treeSize,
        rootHash: anchor.statement.rootHash,
        statement: anchor.statementText,
        signature: anchor.signature,
        keyId: anchor.statement.keyId,
        publicKeySha256: anchor.statement.publicKeySha256,
        publicKey: await storedPublicKey(deps.anchors, anchor),
      },
    };
  };
