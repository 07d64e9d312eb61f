import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredAccessEntry } from '../../../../shared/access-log/access-entry.ts';
import { canonicalJson, GENESIS, hashOf, linkEntry, verifyChain } from '../../../../shared/access-log/hash-chain.ts';
import { anEntry, CITIZEN, chainArbitrary, chainOf } from './fixtures.ts';

const tenEntries = () => chainOf(Array.from({ length: 10 }, (_, i) => anEntry({ requestId: `req-${i + 1}` })));

const messages = (problems: ReturnType<typeof verifyChain>) => problems.map((p) => p.message);

describe('canonicalJson', () => {
  it('writes the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('writes a Vietnamese name typed in decomposed form (NFD) as its composed form (NFC)', () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Ánh'.normalize('NFC'));
    expect(canonicalJson({ name: nfd })).toBe(canonicalJson({ name: 'Nguyễn Thị Ánh'.normalize('NFC') }));
  });

  it('leaves out undefined properties but keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('tells a set of strings from a list of the same strings', () => {
    expect(canonicalJson(new Set(['b', 'a']))).not.toBe(canonicalJson(['a', 'b']));
    expect(canonicalJson(new Set(['b', 'a']))).toBe(canonicalJson(new Set(['a', 'b'])));
  });

  it('refuses numbers JSON cannot write', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/Cannot hash the number NaN/);
  });
});

describe('linkEntry', () => {
  it('starts a chain at 1, linked to GENESIS', () => {
    const first = linkEntry(anEntry(), undefined);
    expect(first.seq).toBe(1);
    expect(first.previousHash).toBe(GENESIS);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links each entry to the hash of the one before', () => {
    const first = linkEntry(anEntry(), undefined);
    const second = linkEntry(anEntry({ requestId: 'req-2' }), { seq: first.seq, hash: first.hash });
    expect(second.seq).toBe(2);
    expect(second.previousHash).toBe(first.hash);
  });

  it('hashes the entry together with its position, so the same read at another position hashes differently', () => {
    const a = linkEntry(anEntry(), undefined);
    const b = linkEntry(anEntry(), { seq: 1, hash: GENESIS });
    expect(b.hash).not.toBe(a.hash);
    expect(hashOf(a)).toBe(a.hash);
  });
});

describe('verifyChain', () => {
  it('finds nothing wrong with an untouched chain', () => {
    const { entries, head } = tenEntries();
    expect(verifyChain(entries, { head, subjectPin: CITIZEN })).toEqual([]);
  });

  it('finds nothing wrong with an empty log that has no head', () => {
    expect(verifyChain([], {})).toEqual([]);
  });

  it('says which entry was changed after it was written', () => {
    const { entries, head } = tenEntries();
    const tampered = entries.map((e) => (e.seq === 4 ? { ...e, purpose: 'ekyc' } : e));
    expect(messages(verifyChain(tampered, { head }))).toEqual(['entry 4 was changed after it was written']);
  });

  it('says which entry is missing and where the chain jumps', () => {
    const { entries, head } = tenEntries();
    const problems = verifyChain(
      entries.filter((e) => e.seq !== 7),
      { head },
    );
    expect(messages(problems)).toEqual(['entry 7 is missing (the chain jumps from 6 to 8)']);
    expect(problems[0]).toMatchObject({ kind: 'missing', seq: 7 });
  });

  it('names a run of missing entries once', () => {
    const { entries, head } = tenEntries();
    const problems = verifyChain(
      entries.filter((e) => e.seq < 3 || e.seq > 5),
      { head },
    );
    expect(messages(problems)).toEqual(['entries 3–5 are missing (the chain jumps from 2 to 6)']);
  });

  it('notices that the first entry was deleted', () => {
    const { entries, head } = tenEntries();
    expect(messages(verifyChain(entries.slice(1), { head }))).toEqual(['entry 1 is missing (the chain starts at 2)']);
  });

  it('notices that the newest entry was deleted, thanks to the head', () => {
    const { entries, head } = tenEntries();
    expect(messages(verifyChain(entries.slice(0, 9), { head }))).toEqual([
      'the head says 10 entries but only 9 exist (entry 10 is missing)',
    ]);
  });

  it('cannot notice a deleted newest entry if the head was rolled back with it (the limit of an unanchored chain)', () => {
    const { entries } = tenEntries();
    const last = entries[8] as StoredAccessEntry;
    expect(verifyChain(entries.slice(0, 9), { head: { seq: last.seq, hash: last.hash } })).toEqual([]);
  });

  it('says an entry does not follow the one before when a changed entry was re-hashed to hide the change', () => {
    const { entries, head } = tenEntries();
    const tampered = entries.map((e) => {
      if (e.seq !== 8) return e;
      const { hash: _hash, ...rest } = { ...e, fields: ['fullName'] };
      return { ...rest, hash: hashOf(rest) };
    });
    expect(messages(verifyChain(tampered, { head }))).toEqual(['entry 9 does not follow entry 8']);
  });

  it('says the head does not match when the newest entry was changed and re-hashed', () => {
    const { entries, head } = tenEntries();
    const tampered = entries.map((e) => {
      if (e.seq !== 10) return e;
      const { hash: _hash, ...rest } = { ...e, outcome: 'denied' as const, fields: [] };
      return { ...rest, hash: hashOf(rest) };
    });
    expect(messages(verifyChain(tampered, { head }))).toEqual([
      'the head does not match entry 10 (the entry or the head was changed)',
    ]);
  });

  it('reports entries stored out of order', () => {
    const { entries, head } = tenEntries();
    const swapped = [...entries];
    [swapped[2], swapped[3]] = [swapped[3] as StoredAccessEntry, swapped[2] as StoredAccessEntry];
    expect(messages(verifyChain(swapped, { head }))).toEqual(['entry 3 is stored out of order (after entry 4)']);
  });

  it('reports an entry that appears twice', () => {
    const { entries, head } = tenEntries();
    const doubled = [...entries.slice(0, 5), entries[4] as StoredAccessEntry, ...entries.slice(5)];
    expect(messages(verifyChain(doubled, { head }))).toEqual(['entry 5 appears more than once']);
  });

  it('reports an entry about another citizen', () => {
    const { entries, head } = tenEntries();
    expect(messages(verifyChain(entries, { head, subjectPin: '001090099999' }))).toContain(
      'entry 1 is about another citizen, not 001090099999',
    );
  });

  it('reports a head left behind by entries written without it', () => {
    const { entries } = tenEntries();
    expect(messages(verifyChain(entries, { head: { seq: 8, hash: (entries[7] as StoredAccessEntry).hash } }))).toEqual([
      'the head says 8 entries but the chain goes on to entry 10',
    ]);
  });

  it('reports entries whose head was deleted', () => {
    const { entries } = tenEntries();
    expect(messages(verifyChain(entries, {}))).toEqual(['the chain has 10 entries but its head is missing']);
  });

  it('reports a head whose entries were all deleted', () => {
    const { head } = tenEntries();
    expect(messages(verifyChain([], { head }))).toEqual([
      'the head says 10 entries but none exist (entries 1–10 are missing)',
    ]);
  });

  it('reports an entry whose sequence number is no longer a number, without failing', () => {
    const { entries, head } = tenEntries();
    const tampered = entries.map((e) => (e.seq === 5 ? ({ ...e, seq: 'five' } as unknown as StoredAccessEntry) : e));
    expect(messages(verifyChain(tampered, { head }))).toEqual([
      'stored entry #5 (after entry 4) has no valid sequence number',
      'entry 5 is missing (the chain jumps from 4 to 6)',
    ]);
  });
});

/** Every leaf of a stored entry, as a path of keys, e.g. ['accessor', 'name'] or ['fields', 0]. */
const leafPaths = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((item, i) => leafPaths(item, [...path, i]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  }
  return [path];
};

/** A different value of the same kind: another string (after NFC), number or list. */
const changed = (value: unknown): unknown => {
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'number') return value + 1;
  if (Array.isArray(value)) return [...value, 'x'];
  return 'x';
};

const withLeafChanged = (entry: StoredAccessEntry, path: (string | number)[]): StoredAccessEntry => {
  const copy = structuredClone(entry) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  parent[last] = changed(parent[last]);
  return copy as unknown as StoredAccessEntry;
};

describe('verifyChain, for any chain', () => {
  it('passes an untouched chain', () => {
    fc.assert(
      fc.property(chainArbitrary, ({ subjectPin, entries, head }) => {
        expect(verifyChain(entries, { head, subjectPin })).toEqual([]);
      }),
    );
  });

  it('detects a change to any single field of any entry', () => {
    fc.assert(
      fc.property(
        chainArbitrary.chain((chain) =>
          fc
            .nat(chain.entries.length - 1)
            .chain((index) =>
              fc.constantFrom(...leafPaths(chain.entries[index])).map((path) => ({ chain, index, path })),
            ),
        ),
        ({ chain, index, path }) => {
          const tampered = chain.entries.map((e, i) => (i === index ? withLeafChanged(e, path) : e));
          expect(verifyChain(tampered, { head: chain.head, subjectPin: chain.subjectPin })).not.toEqual([]);
        },
      ),
    );
  });

  it('detects an added property on any entry', () => {
    fc.assert(
      fc.property(
        chainArbitrary.chain((chain) => fc.nat(chain.entries.length - 1).map((index) => ({ chain, index }))),
        ({ chain, index }) => {
          const tampered = chain.entries.map((e, i) => (i === index ? { ...e, note: 'added later' } : e));
          expect(verifyChain(tampered, { head: chain.head })).not.toEqual([]);
        },
      ),
    );
  });

  it('detects the deletion of any one entry, the first and the newest included', () => {
    fc.assert(
      fc.property(
        chainArbitrary.chain((chain) => fc.nat(chain.entries.length - 1).map((index) => ({ chain, index }))),
        ({ chain, index }) => {
          const remaining = chain.entries.filter((_, i) => i !== index);
          const problems = verifyChain(remaining, { head: chain.head });
          expect(problems.map((p) => p.seq)).toContain(index + 1);
        },
      ),
    );
  });

  it('detects any reordering of the entries', () => {
    fc.assert(
      fc.property(
        chainArbitrary
          .filter((chain) => chain.entries.length >= 2)
          .chain((chain) =>
            fc
              .shuffledSubarray(chain.entries, { minLength: chain.entries.length, maxLength: chain.entries.length })
              .filter((order) => order.some((e, i) => e !== chain.entries[i]))
              .map((order) => ({ chain, order })),
          ),
        ({ chain, order }) => {
          expect(verifyChain(order, { head: chain.head })).not.toEqual([]);
        },
      ),
    );
  });
});
