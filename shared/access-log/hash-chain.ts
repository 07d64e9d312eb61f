/**
 * The hash chain that makes tampering with a citizen's access log evident. Entry n stores the SHA-256 of its
 * own content (including n and the hash of entry n-1); entry 1 links to `GENESIS`. A head item per citizen
 * records the newest sequence number and hash, so deleting the newest entry is noticed too. Changing an
 * entry breaks its hash; deleting one leaves a gap or contradicts the head; re-hashing a changed entry breaks
 * the link of the entry after it (or the head). What a chain alone cannot show is a rewrite of an entry and
 * every entry after it together with the head: anchoring heads outside the table would close that gap.
 */
import { createHash } from 'node:crypto';
import type { AccessEntry, StoredAccessEntry } from './access-entry.ts';

/** The "previous hash" of entry 1. */
export const GENESIS = '0'.repeat(64);

/** Prefixed to every hashed text, so a future algorithm can change without colliding with this one. */
const HASH_DOMAIN = 'p06-access-log/v1\n';

/** The newest position of a citizen's chain, kept beside the entries. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * One text per value, whatever the key order or Unicode normalisation it arrived with: object keys sorted
 * by UTF-16 code units (as RFC 8785), strings in NFC, undefined properties left out, numbers as JSON writes
 * them. It accepts any value DynamoDB can return (sets, binary), so a tampered item can still be hashed.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot hash the number ${value}.`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot hash a value of type ${typeof value}.`);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value instanceof Set) return `{"$set":[${[...value].map(canonicalJson).sort().join(',')}]}`;
  if (value instanceof Uint8Array) return `{"$bytes":${JSON.stringify(Buffer.from(value).toString('base64'))}}`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k.normalize('NFC'), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/**
 * The hash of a stored entry: SHA-256 (lowercase hex) over the canonical form of every property except
 * `hash` itself, i.e. the entry, its `seq` and its `previousHash`.
 */
export const hashOf = (stored: Readonly<Record<string, unknown>>): string => {
  const { hash: _hash, ...content } = stored;
  return createHash('sha256')
    .update(`${HASH_DOMAIN}${canonicalJson(content)}`, 'utf8')
    .digest('hex');
};

/** Links an entry after the head of its citizen's chain (no head: the chain starts at 1 with GENESIS). */
export const linkEntry = (entry: AccessEntry, head: ChainHead | undefined): StoredAccessEntry => {
  const unhashed = { ...entry, seq: (head?.seq ?? 0) + 1, previousHash: head?.hash ?? GENESIS };
  return { ...unhashed, hash: hashOf(unhashed) };
};

export type ChainProblemKind =
  | 'changed'
  | 'missing'
  | 'broken-link'
  | 'duplicate'
  | 'out-of-order'
  | 'other-citizen'
  | 'unreadable'
  | 'head-mismatch'
  /** The chain disagrees with the latest anchored digest (shared/audit-anchor): rewritten or deleted. */
  | 'anchor-mismatch'
  | 'anchor-missing';

/** Something wrong with a chain, with a sentence a citizen or auditor understands. */
export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The entry concerned (the first one, for a run of missing entries); absent for problems of the head. */
  readonly seq?: number;
  readonly message: string;
}

export interface VerifyChainOptions {
  /** The citizen's head item; without it, deleting the newest entry cannot be noticed. */
  readonly head?: ChainHead | undefined;
  /** Whose chain this is: an entry about someone else is reported. */
  readonly subjectPin?: string | undefined;
}

const entryWord = (from: number, to: number) => (from === to ? `entry ${from} is` : `entries ${from}–${to} are`);

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;

/**
 * Checks a citizen's chain as it is stored (in storage order) and lists every problem found, e.g. "entry 4
 * was changed after it was written", "entry 7 is missing (the chain jumps from 6 to 8)", "entry 9 does not
 * follow entry 8", "the head says 12 entries but only 11 exist". An empty list means the chain is intact.
 * 1. Each entry's hash is recomputed from its content (any changed, added or removed property shows).
 * 2. Entries stored out of sequence order are reported, then the chain is walked in sequence order: a
 *    repeated number, a gap, or a `previousHash` that is not the hash of the entry before is reported.
 * 3. The newest entry is compared with the head item (count and hash).
 * Values of any shape are accepted, since a tampered entry need not match the schema any more.
 */
export const verifyChain = (
  entries: readonly StoredAccessEntry[],
  options: VerifyChainOptions = {},
): ChainProblem[] => {
  const problems: ChainProblem[] = [];
  const records = entries as readonly Readonly<Record<string, unknown>>[];

  const readable: Array<{ seq: number; hash: unknown; previousHash: unknown }> = [];
  let highest = 0;
  for (const [index, record] of records.entries()) {
    const { seq } = record;
    if (!isSeq(seq)) {
      const after = readable.at(-1)?.seq;
      problems.push({
        kind: 'unreadable',
        message: `stored entry #${index + 1}${after === undefined ? '' : ` (after entry ${after})`} has no valid sequence number`,
      });
      continue;
    }
    let recomputed: string | undefined;
    try {
      recomputed = hashOf(record);
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== record.hash) {
      problems.push({ kind: 'changed', seq, message: `entry ${seq} was changed after it was written` });
    }
    if (options.subjectPin !== undefined && record.subjectPin !== options.subjectPin) {
      problems.push({
        kind: 'other-citizen',
        seq,
        message: `entry ${seq} is about another citizen, not ${options.subjectPin}`,
      });
    }
    if (seq < highest) {
      problems.push({
        kind: 'out-of-order',
        seq,
        message: `entry ${seq} is stored out of order (after entry ${highest})`,
      });
    }
    highest = Math.max(highest, seq);
    readable.push({ seq, hash: record.hash, previousHash: record.previousHash });
  }

  const inOrder = [...readable].sort((a, b) => a.seq - b.seq);
  let previous: (typeof inOrder)[number] | undefined;
  for (const entry of inOrder) {
    const expected = (previous?.seq ?? 0) + 1;
    if (previous && entry.seq === previous.seq) {
      problems.push({ kind: 'duplicate', seq: entry.seq, message: `entry ${entry.seq} appears more than once` });
      continue;
    }
    if (entry.seq > expected) {
      problems.push({
        kind: 'missing',
        seq: expected,
        message: previous
          ? `${entryWord(expected, entry.seq - 1)} missing (the chain jumps from ${previous.seq} to ${entry.seq})`
          : `${entryWord(expected, entry.seq - 1)} missing (the chain starts at ${entry.seq})`,
      });
    } else if (!previous && entry.previousHash !== GENESIS) {
      problems.push({
        kind: 'broken-link',
        seq: entry.seq,
        message: `entry ${entry.seq} does not start the chain (it links to an entry before it)`,
      });
    } else if (previous && entry.previousHash !== previous.hash) {
      problems.push({
        kind: 'broken-link',
        seq: entry.seq,
        message: `entry ${entry.seq} does not follow entry ${previous.seq}`,
      });
    }
    previous = entry;
  }

  problems.push(...verifyHead(previous, readable.length, options.head));
  return problems;
};

/** The newest entry against the head item. */
const verifyHead = (
  last: { seq: number; hash: unknown } | undefined,
  count: number,
  head: ChainHead | undefined,
): ChainProblem[] => {
  if (!head) {
    return last ? [{ kind: 'head-mismatch', message: `the chain has ${count} entries but its head is missing` }] : [];
  }
  const lastSeq = last?.seq ?? 0;
  const existing = count === 0 ? 'none exist' : count === 1 ? 'only 1 exists' : `only ${count} exist`;
  if (head.seq > lastSeq) {
    return [
      {
        kind: 'head-mismatch',
        seq: lastSeq + 1,
        message: `the head says ${head.seq} entries but ${existing} (${entryWord(lastSeq + 1, head.seq)} missing)`,
      },
    ];
  }
  if (head.seq < lastSeq) {
    return [
      {
        kind: 'head-mismatch',
        seq: head.seq + 1,
        message: `the head says ${head.seq} entries but the chain goes on to entry ${lastSeq}`,
      },
    ];
  }
  if (last && head.hash !== last.hash) {
    return [
      {
        kind: 'head-mismatch',
        seq: last.seq,
        message: `the head does not match entry ${last.seq} (the entry or the head was changed)`,
      },
    ];
  }
  return [];
};
