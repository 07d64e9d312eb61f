/**
 * Verification of the access log, for `npm run audit:verify` and scheduled audits: walks every citizen's
 * chain (or one) and reports each problem with the citizen's PIN.
 */
import type { StoredAccessEntry } from './access-entry.ts';
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
}

export interface VerifyAllChainsOptions {
  /** Verify only this citizen's chain. */
  readonly citizen?: string | undefined;
}

/**
 * Verifies the chains of all citizens, or of one.
 * 1. Read the chains: the one citizen's as a snapshot, or all of them from a scan.
 * 2. Verify each (verifyChain, with its head and PIN).
 * 3. A chain that shows problems in the scan is read again as a snapshot and verified once more, so an
 *    append that happened while the scan passed (a head newer than the entries it saw) is not reported as
 *    tampering; only problems that remain are.
 */
export const verifyAllChains = async (
  store: AccessChainReader,
  options: VerifyAllChainsOptions = {},
): Promise<ChainVerificationReport> => {
  let citizensChecked = 0;
  let entriesChecked = 0;
  const problems: CitizenChainProblem[] = [];
  const check = (chain: AccessChain) =>
    verifyChain(chain.entries, { head: chain.head, subjectPin: chain.subjectPin }).map((problem) => ({
      ...problem,
      subjectPin: chain.subjectPin,
    }));

  const chains: AsyncIterable<AccessChain> =
    options.citizen === undefined ? store.allChains() : single(store.readChain(options.citizen));
  for await (const scanned of chains) {
    let chain = scanned;
    let found = check(chain);
    if (found.length > 0 && options.citizen === undefined) {
      chain = await store.readChain(chain.subjectPin);
      found = check(chain);
    }
    citizensChecked++;
    entriesChecked += chain.entries.length;
    problems.push(...found);
  }
  return { citizensChecked, entriesChecked, problems };
};

async function* single(chain: Promise<AccessChain>): AsyncGenerator<AccessChain> {
  yield await chain;
}
