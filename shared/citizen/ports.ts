/**
 * The ports the citizen and agency use cases need: reading population records and recording every
 * disclosure of personal data in the access log (written in the same request, before the data leaves).
 */
import type { StoredCitizen } from '../domain/citizen-record.ts';

export interface PopulationReader {
  getCitizen(pin: string): Promise<StoredCitizen | undefined>;
  listChildren(parentPin: string): Promise<string[]>;
  listHouseholdMembers(householdId: string): Promise<StoredCitizen[]>;
}

/** One disclosure (or refused attempt) of one citizen's data. */
export interface AccessRecord {
  readonly subjectPin: string;
  readonly accessor: {
    readonly type: 'citizen' | 'officer' | 'agency';
    readonly id: string;
    readonly name?: string;
    readonly agency?: string;
  };
  readonly onBehalfOf?: string;
  readonly fields: string[];
  readonly purpose: string;
  readonly legalBasis: string;
  readonly outcome: 'granted' | 'denied';
  readonly reason?: string;
  readonly requestId: string;
  readonly channel?: 'api' | 'portal';
}

export interface AccessRecorder {
  recordMany(entries: readonly AccessRecord[]): Promise<unknown>;
}

/** The fields of `value` that are present, for the access log's "which fields" column. */
export const presentFields = (value: Record<string, unknown>): string[] =>
  Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k)
    .sort();
