/**
 * A chain against its anchored head. The anchor recorded, at `anchoredAt`, that the citizen's chain had `seq`
 * entries, the newest with `hash`. Since each entry's hash covers the one before, the stored entry `seq` having
 * that same hash (and the chain verifying) proves entries 1…seq are exactly those anchored. A chain that grew
 * since still passes; a rewritten chain (all hashes and the head recomputed) or a deleted one does not.
 */
import type { StoredAccessEntry } from './access-entry.ts';
import type { ChainHead, ChainProblem } from './hash-chain.ts';

/** The anchored heads an audit checks chains against (from the latest anchor, signature verified). */
export interface AnchorBaseline {
  readonly anchorId: string;
  readonly anchoredAt: string;
  /** By PIN. */
  readonly heads: ReadonlyMap<string, ChainHead>;
}

const entriesWord = (seq: number) => (seq === 1 ? '1 entry' : `${seq} entries`);

/** Problems of one chain against its anchored head (none if the anchor does not know the chain). */
export const checkAgainstAnchor = (
  entries: readonly StoredAccessEntry[],
  head: ChainHead | undefined,
  anchored: ChainHead | undefined,
  baseline: Pick<AnchorBaseline, 'anchorId' | 'anchoredAt'>,
): ChainProblem[] => {
  if (!anchored) return [];
  const when = `the anchor of ${baseline.anchoredAt} (${baseline.anchorId})`;
  if (entries.length === 0 && head === undefined) {
    return [
      {
        kind: 'anchor-missing',
        message: `the whole chain is gone: ${when} holds ${entriesWord(anchored.seq)} for this citizen`,
      },
    ];
  }
  const entry = entries.find((e) => e.seq === anchored.seq);
  if (!entry) {
    return [
      {
        kind: 'anchor-missing',
        seq: anchored.seq,
        message: `entry ${anchored.seq}, the newest when ${when} was made, is missing`,
      },
    ];
  }
  if (entry.hash !== anchored.hash) {
    return [
      {
        kind: 'anchor-mismatch',
        seq: anchored.seq,
        message: `entries 1–${anchored.seq} differ from ${when}: the chain was rewritten after it was anchored`,
      },
    ];
  }
  return [];
};
