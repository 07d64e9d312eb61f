/**
 * How life events reach the agencies' deliveries, derived from the subscribers table (its per-agency patterns,
 * `subscriberPattern`, stay the source of truth):
 * - live events: ONE fan-out rule whose pattern matches every event any agency subscribes to, and only live ones
 *   (`"replay-name": [{ "exists": false }]`); the delivery function then evaluates each agency's pattern itself, so
 *   one invocation delivers an event to all its agencies and writes their access-log entries in one transaction;
 * - replays: one rule per agency that matches replayed events only (`"exists": true`; EventBridge adds a
 *   top-level `replay-name` to every replayed event), named in the replay's FilterArns, so a replay for one agency
 *   reaches that agency alone.
 */
import { type EventPattern, matchesEventPattern } from './event-pattern.ts';
import { SUBSCRIBERS, type Subscriber, subscriberPattern } from './subscribers.ts';

const LIVE_ONLY = { 'replay-name': [{ exists: false }] } as const;
const REPLAYS_ONLY = { 'replay-name': [{ exists: true }] } as const;

const distinct = (values: readonly unknown[]): unknown[] => [
  ...new Map(values.map((value) => [JSON.stringify(value), value])).values(),
];

/**
 * The union of the subscribers' patterns, as one pattern: every field's allowed values merged. Exact for patterns
 * that constrain the same fields with lists of values (the subscribers' are `source` and `detail-type`); any other
 * shape would widen the union, so it is refused rather than deployed.
 */
export const unionOfPatterns = (patterns: readonly EventPattern[]): EventPattern => {
  const [first] = patterns;
  if (!first) throw new Error('No subscriber: the fan-out rule would match nothing');
  const fields = Object.keys(first).sort();
  const union: Record<string, unknown[]> = {};
  for (const pattern of patterns) {
    if (JSON.stringify(Object.keys(pattern).sort()) !== JSON.stringify(fields)) {
      throw new Error(`Subscriber patterns must constrain the same fields (${fields.join(', ')}) to be merged`);
    }
    for (const field of fields) {
      const values = pattern[field];
      if (!Array.isArray(values) || values.some((v) => typeof v === 'object' && v !== null)) {
        throw new Error(`Subscriber pattern field "${field}" must be a list of values to be merged`);
      }
      union[field] = distinct([...(union[field] ?? []), ...values]);
    }
  }
  // Only one field may differ between patterns, or the merged lists would admit combinations none allows.
  const varying = fields.filter((field) =>
    patterns.some((p) => JSON.stringify(p[field]) !== JSON.stringify(first[field])),
  );
  if (varying.length > 1) {
    throw new Error(`Subscriber patterns differ in ${varying.join(' and ')}: one rule cannot be their union`);
  }
  return union;
};

/** The fan-out rule's pattern: live events that at least one subscriber's pattern matches. */
export const fanOutPattern = (subscribers: readonly Subscriber[] = SUBSCRIBERS): EventPattern => ({
  ...unionOfPatterns(subscribers.map(subscriberPattern)),
  ...LIVE_ONLY,
});

/** A subscriber's replay rule: replayed events of the types it subscribes to. */
export const replayPattern = (subscriber: Subscriber): EventPattern => ({
  ...subscriberPattern(subscriber),
  ...REPLAYS_ONLY,
});

/** The subscribers whose own pattern matches the event (the whole EventBridge event), in table order. */
export const matchingSubscribers = (event: unknown, subscribers: readonly Subscriber[] = SUBSCRIBERS): Subscriber[] =>
  subscribers.filter((subscriber) => matchesEventPattern(subscriberPattern(subscriber), event));
