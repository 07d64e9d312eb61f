/**
 * Verification of the access log, for `npm run audit:verify` and scheduled audits: walks every citizen's
 * chain (or one) and reports each problem with the citizen's PIN.
 */
import type { StoredAccessEntry } from './access-entry.ts';
import { type AnchorBaseline, checkAgainstAnchor } from './anchor-check.ts';
import type { ChainHead, ChainProblem } from './hash-chain.ts';
import { verifyChain } from './hash-chain.ts';

/** One citizen's chain as stored: entries in storage (sequence) order, and the head item if there is one. */
export interface AccessChain {
  readonly subjectPin: string;
  readonly entries: readonly StoredAccessEntry[];
  readonly head?: ChainHead | undefined;
}

/** Reads chains for verification. */
export interface AccessChainReader {
  /** One citizen's chain, read as a consistent snapshot (no append half-seen). */
  readChain(pin: string): Promise<AccessChain>;
  /** Every chain in the log, one citizen at a time; may be a fast but non-snapshot read. */
  allChains(): AsyncIterable<AccessChain>;
}

export interface CitizenChainProblem extends ChainProblem {
  readonly subjectPin: string;
}

export interface ChainVerificationReport {
  readonly citizensChecked: number;
  readonly entriesChecked: number;
  readonly problems: readonly CitizenChainProblem[];
  /** Chains checked against the anchor's heads (present when an anchor was given). */
  readonly anchoredChecked?: number;
}

export interface VerifyAllChainsOptions {
  /** Verify only this citizen's chain. */
  readonly citizen?: string | undefined;
  /**
   * The latest anchor's heads: each chain must extend its anchored head, and every anchored chain must still
   * exist (a chain the scan did not meet is read once more, then reported as deleted).
   */
  readonly anchor?: AnchorBaseline | undefined;
}

/**
 * Verifies the chains of all citizens, or of one.
 * 1. Read the chains: the one citizen's as a snapshot, or all of them from a scan.
 * 2. Verify each (verifyChain, with its head and PIN).
 * 3. With an anchor, each chain must also extend its anchored head (checkAgainstAnchor).
 * 4. A chain that shows problems in the scan is read again as a snapshot and verified once more, so an
 *    append that happened while the scan passed (a head newer than the entries it saw) is not reported as
 *    tampering; only problems that remain are.
 * 5. With an anchor, every anchored chain the scan did not meet is read directly: if it is gone, it was deleted.
 */
export const verifyAllChains = async (
  store: AccessChainReader,
  options: VerifyAllChainsOptions = {},
): Promise<ChainVerificationReport> => {
  let citizensChecked = 0;
  let entriesChecked = 0;
  const problems: CitizenChainProblem[] = [];
  const anchor = options.anchor;
  const check = (chain: AccessChain) =>
    [
      ...verifyChain(chain.entries, { head: chain.head, subjectPin: chain.subjectPin }),
      ...(anchor ? checkAgainstAnchor(chain.entries, chain.head, anchor.heads.get(chain.subjectPin), anchor) : []),
    ].map((problem) => ({ ...problem, subjectPin: chain.subjectPin }));
  const seen = new Set<string>();

  const chains: AsyncIterable<AccessChain> =
    options.citizen === undefined ? store.allChains() : single(store.readChain(options.citizen));
  for await (const scanned of chains) {
    let chain = scanned;
    let found = check(chain);
    if (found.length > 0 && options.citizen === undefined) {
      chain = await store.readChain(chain.subjectPin);
      found = check(chain);
    }
    seen.add(chain.subjectPin);
    citizensChecked++;
    entriesChecked += chain.entries.length;
    problems.push(...found);
  }
  if (anchor && options.citizen === undefined) {
    for (const pin of anchor.heads.keys()) {
      if (seen.has(pin)) continue;
      const chain = await store.readChain(pin);
      citizensChecked++;
      entriesChecked += chain.entries.length;
      problems.push(...check(chain));
    }
  }
  const anchoredChecked = anchor
    ? options.citizen === undefined
      ? anchor.heads.size
      : Number(anchor.heads.has(options.citizen))
    : undefined;
  return { citizensChecked, entriesChecked, problems, ...(anchoredChecked === undefined ? {} : { anchoredChecked }) };
};

async function* single(chain: Promise<AccessChain>): AsyncGenerator<AccessChain> {
  yield await chain;
}
