/**
 * A Merkle tree as Certificate Transparency defines it (RFC 6962 §2.1, RFC 9162 §2.1): SHA-256, a leaf hashed
 * as H(0x00 || data), an inner node as H(0x01 || left || right), and a tree of n leaves split at k, the largest
 * power of two below n (so an unbalanced tree needs no padding and no duplicated leaves). Written here rather
 * than taken from a library: `@openzeppelin/merkle-tree` hashes with keccak256 and sorts each pair (an Ethereum
 * convention no standard verifier knows), and `merkletreejs` leaves leaf/node domain separation to options that
 * are off by default. RFC 6962 is what independent tools (Go's `transparency-dev/merkle`, Trillian, Sigstore)
 * verify, and the whole algorithm is the 60 lines below.
 *
 * Every function takes the hashes of the level below as input ("level hashes"): leaf hashes for the tree of
 * leaves, or the roots of aligned subtrees for the tree above them. Aligned subtrees of 2^m leaves are nodes of
 * an RFC 6962 tree, so a tree of chunk roots gives the same root and paths as the tree of all leaves.
 */
import { createHash } from 'node:crypto';

/** H(0x00 || data): the hash of a leaf. */
export const leafHash = (data: string | Uint8Array): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();

/** H(0x01 || left || right): the hash of an inner node. */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

/** The root of an empty tree: the hash of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two strictly below n (n ≥ 2). */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH over hashes[from, to): the root of the subtree of those level hashes. */
const subtree = (hashes: readonly Uint8Array[], from: number, to: number): Buffer => {
  const n = to - from;
  if (n === 1) return Buffer.from(hashes[from] as Uint8Array);
  const k = split(n);
  return nodeHash(subtree(hashes, from, from + k), subtree(hashes, from + k, to));
};

/** The root of the tree over these level hashes (the empty root for none). */
export const treeRoot = (hashes: readonly Uint8Array[]): Buffer =>
  hashes.length === 0 ? Buffer.from(EMPTY_ROOT) : subtree(hashes, 0, hashes.length);

/**
 * The audit path of the item at `index` (RFC 6962 PATH(m, D[n])): the sibling hashes from the item up to the
 * root, nearest first.
 */
export const inclusionPath = (hashes: readonly Uint8Array[], index: number): Buffer[] => {
  if (!Number.isInteger(index) || index < 0 || index >= hashes.length) {
    throw new RangeError(`No item ${index} in a tree of ${hashes.length}`);
  }
  const path: Buffer[] = [];
  let from = 0;
  let to = hashes.length;
  const siblings: Buffer[] = [];
  while (to - from > 1) {
    const k = split(to - from);
    if (index < from + k) {
      siblings.push(subtree(hashes, from + k, to));
      to = from + k;
    } else {
      siblings.push(subtree(hashes, from, from + k));
      from += k;
    }
  }
  // Found from the root down; an audit path lists them from the leaf up.
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i] as Buffer);
  return path;
};

/**
 * The root an audit path leads to from the item at `index` of a tree of `size` (RFC 9162 §2.1.3.2), or undefined
 * when the path cannot belong to such a tree (too short, too long, index out of range).
 */
export const rootFromPath = (
  index: number,
  size: number,
  itemHash: Uint8Array,
  path: readonly Uint8Array[],
): Buffer | undefined => {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(itemHash);
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
};

/** Whether `path` proves that `itemHash` is item `index` of the tree of `size` whose root is `root`. */
export const verifyInclusion = (
  index: number,
  size: number,
  itemHash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean => {
  const computed = rootFromPath(index, size, itemHash, path);
  return computed?.equals(root) === true;
};
