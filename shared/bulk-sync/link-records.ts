/**
 * Links one batch of a sector export to the NPDB (the Distributed Map's item processor): each record's PIN must
 * exist and the name and birth date must match the citizen's; a matched record writes the sector data onto the
 * citizen through the Population store (history item included, so the feed publishes it) unless it is already
 * there. Idempotent: a retried batch or a re-run writes nothing for records already linked.
 */

import type { ChangeContext, StoredCitizen } from '../domain/citizen-record.ts';
import { ConflictError } from '../domain/errors.ts';
import type { BulkPopulation } from './ports.ts';
import type { SectorRecord, SyncSource } from './sources.ts';

export type LinkOutcome = 'linked' | 'unchanged' | 'mismatched' | 'unknown-pin';

/** One record that did not link, for the reconciliation report. */
export interface LinkProblem {
  readonly line: number;
  readonly pin: string;
  readonly outcome: 'mismatched' | 'unknown-pin';
  readonly reasons: readonly string[];
}

export interface BatchResult {
  readonly records: number;
  readonly counts: Readonly<Record<LinkOutcome, number>>;
  readonly problems: readonly LinkProblem[];
}

export interface LinkBatchInput {
  readonly runId: string;
  readonly items: readonly { readonly line: number; readonly record: SectorRecord }[];
}

/** Names compare after Unicode NFC, case folding and collapsing spaces (exports differ in those only). */
export const normaliseName = (name: string): string =>
  name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

const CONFLICT_ATTEMPTS = 3;

/**
 * 1. reads the batch's citizens in one go; 2. classifies each record (unknown PIN, mismatch with reasons, or
 * match); 3. writes the matched records whose data differ in a few transactions of many records each; a record
 * whose citizen changed meanwhile (or a PIN repeated in the batch) is then written alone, re-read on a conflict.
 */
export const linkBatch =
  (deps: {
    population: BulkPopulation;
    source: SyncSource;
    now: () => string;
    /** Records written alone (conflicts, repeated PINs) in flight per batch (default 16). */
    writeConcurrency?: number;
  }) =>
  async (input: LinkBatchInput): Promise<BatchResult> => {
    const { population, source } = deps;
    const citizens = await population.getCitizens([...new Set(input.items.map((i) => i.record.pin))]);
    const counts: Record<LinkOutcome, number> = { linked: 0, unchanged: 0, mismatched: 0, 'unknown-pin': 0 };
    const problems: LinkProblem[] = [];
    const toWrite: { line: number; record: SectorRecord }[] = [];
    for (const item of input.items) {
      const { record, line } = item;
      const citizen = citizens.get(record.pin);
      if (!citizen) {
        counts['unknown-pin']++;
        problems.push({ line, pin: record.pin, outcome: 'unknown-pin', reasons: ['no citizen has this PIN'] });
        continue;
      }
      const reasons: string[] = [];
      if (normaliseName(citizen.fullName) !== normaliseName(record.fullName)) reasons.push('fullName differs');
      if (citizen.birthDate !== record.birthDate) reasons.push('birthDate differs');
      if (citizen.status === 'deceased') reasons.push('the citizen is recorded as deceased');
      if (reasons.length > 0) {
        counts.mismatched++;
        problems.push({ line, pin: record.pin, outcome: 'mismatched', reasons });
        continue;
      }
      if (source.link(citizen, record) === citizen) counts.unchanged++;
      else toWrite.push(item);
    }
    const changeOf = (line: number): ChangeContext => ({
      actor: `sync#${source.id}`,
      action: source.action,
      reason: `bulk sync ${input.runId}, line ${line}`,
      at: deps.now(),
    });
    /** One record alone, re-reading its citizen after a concurrent change. */
    const writeAlone = async ({ line, record }: { line: number; record: SectorRecord }) => {
      let citizen = await population.getCitizen(record.pin);
      for (let attempt = 1; citizen; attempt++) {
        const after = source.link(citizen, record);
        if (after === citizen) return 'unchanged' as const;
        try {
          await population.updateCitizen(citizen, after, changeOf(line));
          return 'linked' as const;
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= CONFLICT_ATTEMPTS) throw error;
          citizen = await population.getCitizen(record.pin);
        }
      }
      throw new Error(`The citizen ${record.pin} disappeared during the sync`);
    };
    // One record per citizen goes in the bulk write (an export may repeat a PIN); repeats and conflicts go alone.
    const first = new Map<string, { line: number; record: SectorRecord }>();
    const alone: { line: number; record: SectorRecord }[] = [];
    for (const item of toWrite) {
      if (first.has(item.record.pin)) alone.push(item);
      else first.set(item.record.pin, item);
    }
    const outcomes = await population.updateCitizens(
      [...first.values()].map(({ line, record }) => {
        const before = citizens.get(record.pin) as StoredCitizen;
        return { before, after: source.link(before, record), change: changeOf(line) };
      }),
    );
    for (const item of first.values()) {
      if (outcomes.get(item.record.pin) === 'written') counts.linked++;
      else alone.push(item);
    }
    const concurrency = deps.writeConcurrency ?? 16;
    for (let i = 0; i < alone.length; i += concurrency) {
      for (const outcome of await Promise.all(alone.slice(i, i + concurrency).map(writeAlone))) counts[outcome]++;
    }
    return { records: input.items.length, counts, problems };
  };
