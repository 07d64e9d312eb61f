/**
 * Life events: the changes of the NPDB that matter to other agencies, derived from the Population table's change
 * history. Every change to a citizen writes one history item (`HISTORY#<version>`, see population-store.ts) in the
 * same transaction as the record, so the table's stream carries each change exactly once and in order per
 * citizen; the publisher turns each new history item into one event. Seeding and bulk loads write no history and
 * publish nothing.
 *
 * The event ID is `<pin>-<version>`: a retried or replayed delivery carries the same ID, so a consumer deduplicates
 * on it, and orders one citizen's events by `sequence` (the record version, gapless per citizen).
 */
import * as z from '../validation/zod.ts';

/** Where the events come from (`source` on the bus). */
export const LIFE_EVENT_SOURCE = 'vn.gov.npdb.population';

/** The EventBridge `detail-type` of each kind of life event. */
export const LIFE_EVENT_TYPES = [
  'Birth Registered',
  'Death Registered',
  'Death Registration Revoked',
  'Residence Changed',
  'Marriage Registered',
  'Health Insurance Changed',
  'Record Corrected',
] as const;
export const LifeEventTypeSchema = z.enum(LIFE_EVENT_TYPES);
export type LifeEventType = z.infer<typeof LifeEventTypeSchema>;

/** The `detail` of a life event on the bus (inside the NPDB: it carries the changed values in full). */
export const LifeEventSchema = z.strictObject({
  eventId: z.string().check(z.regex(/^\d{12}-\d+$/)),
  type: LifeEventTypeSchema,
  pin: z.string().check(z.regex(/^\d{12}$/)),
  /** The citizen's record version after the change: 1, 2, 3… without gaps. */
  sequence: z.int().check(z.gte(1)),
  occurredAt: z.iso.datetime({ offset: true }),
  /** Names of the fields the change touched. */
  changedFields: z.array(z.string()),
  /** The values of the changed fields after the change (absent: the field was removed). */
  data: z.record(z.string(), z.unknown()),
});
export type LifeEvent = z.infer<typeof LifeEventSchema>;

/** The history item as the Population table stores it (only what the events need). */
export const HistoryItemSchema = z.looseObject({
  pk: z.string().check(z.regex(/^CITIZEN#\d{12}$/)),
  sk: z.string().check(z.regex(/^HISTORY#\d+$/)),
  type: z.literal('history'),
  version: z.int().check(z.gte(1)),
  action: z.string(),
  at: z.string(),
  changed: z._default(z.array(z.string()), []),
  after: z.optional(z.record(z.string(), z.unknown())),
});
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

/** Actions whose meaning is clear from the action alone. */
const TYPE_OF_ACTION: Readonly<Record<string, LifeEventType>> = {
  'birth-registered': 'Birth Registered',
  'death-registered': 'Death Registered',
  'death-registration-revoked': 'Death Registration Revoked',
  'permanent-residence-registered': 'Residence Changed',
  'permanent-residence-deleted': 'Residence Changed',
  'temporary-residence-registered': 'Residence Changed',
  // A household's new head: each member's relation to the head (shared/services/procedures/household-head-change.ts).
  'household-head-changed': 'Residence Changed',
  'marriage-registered': 'Marriage Registered',
  'health-insurance-issued': 'Health Insurance Changed',
  'health-insurance-linked': 'Health Insurance Changed',
  // A correction of name, birth date, sex or ethnicity (shared/services/procedures/record-correction.ts).
  'record-corrected': 'Record Corrected',
};

/** Any other action is classified by the fields it changed, the most significant first. */
const typeOfFields = (changed: readonly string[]): LifeEventType => {
  const has = (field: string) => changed.includes(field);
  if (has('status') || has('deathDate')) return 'Death Registered';
  if (has('spousePin')) return 'Marriage Registered';
  if (has('permanentResidence') || has('temporaryResidence') || has('permanentResidenceDeleted'))
    return 'Residence Changed';
  if (has('healthInsurance') && changed.length === 1) return 'Health Insurance Changed';
  return 'Record Corrected';
};

/** The life event one history item describes. */
export const lifeEventOf = (item: HistoryItem): LifeEvent => {
  const pin = item.pk.slice('CITIZEN#'.length);
  return {
    eventId: `${pin}-${item.version}`,
    type: TYPE_OF_ACTION[item.action] ?? typeOfFields(item.changed),
    pin,
    sequence: item.version,
    occurredAt: item.at,
    changedFields: [...item.changed],
    data: Object.fromEntries(
      item.changed.filter((f) => item.after && f in item.after).map((f) => [f, item.after?.[f]]),
    ),
  };
};
