/**
 * The sector databases a ministry can synchronise with the NPDB in bulk, one entry per source: how a line of its
 * export reads (a zod schema over the export's own column names), the key that must be unique in one export, and
 * what a matched record writes onto the citizen. Adding a source is adding an entry here.
 */

import { type Citizen, type HealthInsurance, IsoDateSchema } from '../domain/citizen.ts';
import * as z from '../validation/zod.ts';

/** Health-insurance cards (Vietnam Social Security, Decree 75/2023, Circular 46/2022/TT-BCA's data sharing). */
export const HealthInsuranceCardRecordSchema = z
  .strictObject({
    cardNumber: z.string().check(z.regex(/^[A-Z]{2}\d{13}$/, 'cardNumber must be 2 capital letters and 13 digits')),
    pin: z.string().check(z.regex(/^\d{12}$/, 'pin must be 12 digits')),
    fullName: z.string().check(z.trim(), z.minLength(1, 'fullName is empty'), z.maxLength(100)),
    birthDate: IsoDateSchema,
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
    facilityCode: z.string().check(z.regex(/^\d{5}$/, 'facilityCode must be 5 digits')),
  })
  .check(
    z.refine((r) => r.validFrom <= r.validUntil, { message: 'validUntil is before validFrom', path: ['validUntil'] }),
  );
export type HealthInsuranceCardRecord = z.infer<typeof HealthInsuranceCardRecordSchema>;

/** A record of any source: the fields the NPDB checks, plus the source's own. */
export interface SectorRecord {
  readonly pin: string;
  readonly fullName: string;
  readonly birthDate: string;
}

export interface SyncSource<R extends SectorRecord = SectorRecord> {
  readonly id: string;
  readonly description: string;
  /** Columns of the CSV form, in order (the JSON Lines form uses the same names). */
  readonly columns: readonly string[];
  readonly schema: z.ZodMiniType<R>;
  /** Keys that must each be unique within one export (a second occurrence is a duplicate). */
  readonly uniqueKeys: readonly (keyof R & string)[];
  /** The action recorded in the citizen's change history (the feed names the event after it). */
  readonly action: string;
  /** The citizen after linking the record; equal to `citizen` when already linked (then nothing is written). */
  link(citizen: Citizen, record: R): Citizen;
}

const healthInsurance: SyncSource<HealthInsuranceCardRecord> = {
  id: 'health-insurance',
  description: 'Health-insurance cards of Vietnam Social Security',
  columns: ['cardNumber', 'pin', 'fullName', 'birthDate', 'validFrom', 'validUntil', 'facilityCode'],
  schema: HealthInsuranceCardRecordSchema,
  uniqueKeys: ['pin', 'cardNumber'],
  action: 'health-insurance-linked',
  link: (citizen, record) => {
    const card: HealthInsurance = {
      number: record.cardNumber,
      validFrom: record.validFrom,
      validUntil: record.validUntil,
      facilityCode: record.facilityCode,
    };
    const current = citizen.healthInsurance;
    const same =
      current !== undefined &&
      current.number === card.number &&
      current.validFrom === card.validFrom &&
      current.validUntil === card.validUntil &&
      current.facilityCode === card.facilityCode;
    return same ? citizen : { ...citizen, healthInsurance: card };
  },
};

export const SYNC_SOURCES: Readonly<Record<string, SyncSource>> = {
  'health-insurance': healthInsurance as unknown as SyncSource,
};

export const syncSource = (id: string): SyncSource => {
  const source = SYNC_SOURCES[id];
  if (!source) throw new Error(`Unknown sync source ${id}; known: ${Object.keys(SYNC_SOURCES).join(', ')}`);
  return source;
};
