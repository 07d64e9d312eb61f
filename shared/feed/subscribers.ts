/**
 * The agencies subscribed to the life-event feed, as one table (Circular 46/2022/TT-BCA: purpose-bound sharing):
 * which event types each receives, the only fields its purpose allows, the law that allows it, and where its
 * deliveries go. Adding an agency is a row here; CDK and the local cloud build its replay rule, queue and DLQ from
 * it, and widen the one fan-out rule of live events (shared/feed/routing.ts).
 *
 * Field paths name the NPDB record's fields (`shared/domain/citizen.ts`), a dot reaching into an object
 * (`permanentResidence.communeCode`). `pin` always travels: it is whom the event is about. Anything else not
 * listed never leaves the NPDB.
 */
import type { EventPattern } from './event-pattern.ts';
import { LIFE_EVENT_SOURCE, type LifeEventType } from './life-event.ts';

export interface Subscriber {
  /** Short kebab-case ID: names its queue (`p06-feed-<id>`) and replay rule (`p06-feed-<id>-replay`). */
  readonly id: string;
  readonly name: string;
  /** The agency's OAuth client ID, written as the accessor of each delivery in the citizen's access log. */
  readonly clientId: string;
  /** Kebab-case purpose code for the access log. */
  readonly purpose: string;
  readonly legalBasis: string;
  readonly eventTypes: readonly LifeEventType[];
  readonly allowedFields: readonly string[];
  /** Its own SQS queue (with a DLQ) that the agency's system polls. */
  readonly delivery: { readonly kind: 'sqs' };
}

export const SUBSCRIBERS = [
  {
    id: 'vss',
    name: 'Vietnam Social Security',
    clientId: 'vss-feed',
    purpose: 'social-insurance-records',
    legalBasis: 'Law on Social Insurance (41/2024/QH15); Law on Health Insurance; Decree 63/2024/NĐ-CP',
    eventTypes: ['Birth Registered', 'Death Registered', 'Death Registration Revoked', 'Residence Changed'],
    allowedFields: [
      'fullName',
      'birthDate',
      'sex',
      'status',
      'deathDate',
      'permanentResidence',
      'householdId',
      'fatherPin',
      'motherPin',
    ],
    delivery: { kind: 'sqs' },
  },
  {
    id: 'tax',
    name: 'General Department of Taxation',
    clientId: 'tax-feed',
    purpose: 'taxpayer-register',
    legalBasis: 'Law on Tax Administration (38/2019/QH14) art. 30; Circular 86/2024/TT-BTC',
    eventTypes: [
      'Death Registered',
      'Death Registration Revoked',
      'Residence Changed',
      'Marriage Registered',
      'Record Corrected',
    ],
    allowedFields: ['fullName', 'birthDate', 'status', 'deathDate', 'permanentResidence', 'spousePin'],
    delivery: { kind: 'sqs' },
  },
  {
    id: 'health',
    name: 'Ministry of Health (electronic health records)',
    clientId: 'moh-feed',
    purpose: 'health-records',
    legalBasis: 'Law on Medical Examination and Treatment (15/2023/QH15); Decision 06/QĐ-TTg',
    eventTypes: ['Birth Registered', 'Death Registered', 'Death Registration Revoked', 'Health Insurance Changed'],
    allowedFields: ['fullName', 'birthDate', 'sex', 'status', 'deathDate', 'healthInsurance'],
    delivery: { kind: 'sqs' },
  },
  {
    id: 'education',
    name: 'Ministry of Education and Training (school enrolment planning)',
    clientId: 'moet-feed',
    purpose: 'school-enrolment-planning',
    legalBasis: 'Law on Education (43/2019/QH14); Decision 06/QĐ-TTg',
    eventTypes: ['Birth Registered', 'Residence Changed'],
    allowedFields: [
      'fullName',
      'birthDate',
      'sex',
      'permanentResidence.communeCode',
      'permanentResidence.provinceCode',
    ],
    delivery: { kind: 'sqs' },
  },
  {
    id: 'election-roll',
    name: 'Commune People’s Committees (voter lists)',
    clientId: 'election-roll-feed',
    purpose: 'voter-list',
    legalBasis: 'Law on Election of Deputies (85/2015/QH13) art. 29-30',
    eventTypes: ['Death Registered', 'Death Registration Revoked', 'Residence Changed'],
    allowedFields: [
      'fullName',
      'birthDate',
      'status',
      'permanentResidence.communeCode',
      'permanentResidence.provinceCode',
    ],
    delivery: { kind: 'sqs' },
  },
] as const satisfies readonly Subscriber[];

export type SubscriberId = (typeof SUBSCRIBERS)[number]['id'];

/** The subscriber with this ID, or undefined. */
export const findSubscriber = (id: string): Subscriber | undefined => SUBSCRIBERS.find((s) => s.id === id);

/**
 * The events a subscriber receives: life events of the types it subscribes to. The source of truth of the routing:
 * the fan-out rule is their union, each replay rule one of them, and the delivery function evaluates them.
 */
export const subscriberPattern = (subscriber: Subscriber): EventPattern => ({
  source: [LIFE_EVENT_SOURCE],
  'detail-type': [...subscriber.eventTypes],
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keeps only the allowed paths of `data`; returns the kept values and the paths actually disclosed (what the
 * access log records). A path whose object is absent, or whose value is undefined, discloses nothing.
 */
export const minimise = (
  allowedFields: readonly string[],
  data: Readonly<Record<string, unknown>>,
): { readonly data: Record<string, unknown>; readonly fields: string[] } => {
  const kept: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const path of allowedFields) {
    const [head, ...rest] = path.split('.') as [string, ...string[]];
    if (!Object.hasOwn(data, head)) continue;
    if (rest.length === 0) {
      if (data[head] === undefined) continue;
      kept[head] = data[head];
      fields.push(path);
      continue;
    }
    let value: unknown = data[head];
    for (const key of rest) value = isObject(value) ? value[key] : undefined;
    if (value === undefined) continue;
    let target = kept;
    for (const key of [head, ...rest.slice(0, -1)]) {
      if (!isObject(target[key])) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[rest.at(-1) as string] = value;
    fields.push(path);
  }
  return { data: kept, fields };
};
