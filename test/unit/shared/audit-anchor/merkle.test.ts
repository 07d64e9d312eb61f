import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  inclusionPath,
  leafHash,
  nodeHash,
  rootFromPath,
  treeRoot,
  verifyInclusion,
} from '../../../../shared/audit-anchor/merkle.ts';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes', () => {
    expect(leafHash('')).toEqual(sha(Buffer.from([0])));
    // RFC 6962 test vector (certificate-transparency-go): the hash of the empty leaf.
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    const a = leafHash('a');
    const b = leafHash('b');
    expect(nodeHash(a, b)).toEqual(sha(Buffer.from([1]), a, b));
    expect(treeRoot([])).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('splits an unbalanced tree at the largest power of two below n', () => {
    const [a, b, c] = leaves(3) as [Buffer, Buffer, Buffer];
    expect(treeRoot([a])).toEqual(a);
    expect(treeRoot([a, b, c])).toEqual(nodeHash(nodeHash(a, b), c));
    const five = leaves(5);
    const [l0, l1, l2, l3, l4] = five as [Buffer, Buffer, Buffer, Buffer, Buffer];
    expect(treeRoot(five)).toEqual(nodeHash(nodeHash(nodeHash(l0, l1), nodeHash(l2, l3)), l4));
  });

  it('matches the RFC 6962 reference root for the eight test leaves of certificate-transparency-go', () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const hashes = data.map((hex) => leafHash(Buffer.from(hex, 'hex')));
    expect(treeRoot(hashes).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(treeRoot(hashes.slice(0, 3)).toString('hex')).toBe(
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    );
  });

  it('proves every leaf of every tree up to 40 leaves, and nothing else', () => {
    for (let n = 1; n <= 40; n++) {
      const hashes = leaves(n);
      const root = treeRoot(hashes);
      for (let i = 0; i < n; i++) {
        const path = inclusionPath(hashes, i);
        expect(verifyInclusion(i, n, hashes[i] as Buffer, path, root)).toBe(true);
        // The same path does not prove another leaf or another position.
        expect(verifyInclusion(i, n, leafHash('intruder'), path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, hashes[i] as Buffer, path, root)).toBe(false);
      }
    }
  });

  it('rejects a path with a changed, missing or extra sibling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), (n, seed) => {
        const hashes = leaves(n);
        const index = seed % n;
        const root = treeRoot(hashes);
        const path = inclusionPath(hashes, index);
        const changed = path.map((p, i) => (i === seed % path.length ? leafHash('x') : p));
        expect(verifyInclusion(index, n, hashes[index] as Buffer, changed, root)).toBe(false);
        expect(verifyInclusion(index, n, hashes[index] as Buffer, path.slice(1), root)).toBe(false);
        expect(verifyInclusion(index, n, hashes[index] as Buffer, [...path, leafHash('x')], root)).toBe(false);
      }),
    );
  });

  it('gives the same root and path through a tree of aligned chunk roots as through all leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.constantFrom(1, 2, 8, 64), fc.nat(), (n, chunk, seed) => {
        const hashes = leaves(n);
        const chunks: Buffer[][] = [];
        for (let from = 0; from < n; from += chunk) chunks.push(hashes.slice(from, from + chunk));
        const roots = chunks.map(treeRoot);
        expect(treeRoot(roots)).toEqual(treeRoot(hashes));
        const index = seed % n;
        const c = Math.floor(index / chunk);
        const composed = [...inclusionPath(chunks[c] as Buffer[], index % chunk), ...inclusionPath(roots, c)];
        expect(composed).toEqual(inclusionPath(hashes, index));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses an index outside the tree', () => {
    expect(() => inclusionPath(leaves(3), 3)).toThrow(RangeError);
    expect(rootFromPath(3, 3, leafHash('a'), [])).toBeUndefined();
    expect(rootFromPath(-1, 3, leafHash('a'), [])).toBeUndefined();
  });
});
