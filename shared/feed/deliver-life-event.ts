/**
 * Delivers one life event to the agencies subscribed to it: minimised per agency to the fields its purpose allows,
 * written to the citizen's access log ("who received my data"), then sent to each agency's own queue. Invoked
 * (functions/feed/deliver-life-event.ts) by the bus's fan-out rule with `{ event }` for a live event, which goes to
 * every agency whose pattern matches it, or by an agency's replay rule with `{ subscriber, event }`, which goes to
 * that agency only (shared/feed/routing.ts).
 */

import type { AccessRecord } from '../citizen/ports.ts';
import * as z from '../validation/zod.ts';
import { LIFE_EVENT_SOURCE, LifeEventSchema } from './life-event.ts';
import type { DeliverDeps, Delivery } from './ports.ts';
import { matchingSubscribers } from './routing.ts';
import { findSubscriber, minimise, type Subscriber } from './subscribers.ts';

/** What the rule's input transformer hands the function: the whole EventBridge event, and for a replay its agency. */
export const DeliveryRequestSchema = z.object({
  subscriber: z.optional(z.string().check(z.minLength(1))),
  event: z.looseObject({
    id: z.string(),
    source: z.literal(LIFE_EVENT_SOURCE),
    'detail-type': z.string(),
    detail: LifeEventSchema,
    'replay-name': z.optional(z.string()),
  }),
});
export type DeliveryRequest = z.input<typeof DeliveryRequestSchema>;

export interface DeliveryOutcome {
  /** The agencies the event was sent to, with the fields each received. */
  readonly delivered: ReadonlyArray<{ readonly subscriber: string; readonly fields: readonly string[] }>;
  /** Why nothing was delivered, when nothing was. */
  readonly reason?: string;
}

/** Some agencies' queues refused the delivery; the others have it. Thrown so that EventBridge retries the event. */
export class PartialDeliveryError extends Error {
  constructor(
    readonly failed: ReadonlyMap<string, unknown>,
    readonly delivered: readonly string[],
  ) {
    super(
      `Life event not delivered to ${[...failed].map(([id, error]) => `${id} (${(error as Error)?.message ?? String(error)})`).join(', ')}` +
        `${delivered.length > 0 ? `; delivered to ${delivered.join(', ')}` : ''}. The event is retried; ` +
        'the access log is not written twice and the agencies deduplicate by event ID.',
    );
    this.name = 'PartialDeliveryError';
  }
}

/**
 * 1. Validate the request (a malformed event or an unknown subscriber is a deployment error: it throws, and the
 *    rule's retries and DLQ keep the event).
 * 2. Choose the agencies: those whose own pattern (shared/feed/subscribers.ts) matches the event, or the one the
 *    replay rule names if its pattern matches (defence in depth behind the rule's pattern). None: nothing to do.
 * 3. Keep, per agency, only its allowed fields (`pin` always travels: it is whom the event is about).
 * 4. Record all the agencies' disclosures in the citizen's access log in ONE call, before anything leaves (the store
 *    chains one citizen's entries in one transaction). Request ID per agency `feed:<agency>:<event ID>` (plus the
 *    replay's name): a retried event is the same requests, whose claims make the store read the entries back
 *    instead of appending them again.
 * 5. Send to every agency's queue at once, with the event ID for the agency's deduplication. If some sends fail,
 *    the others still went out; the invocation then fails (PartialDeliveryError) and the whole event is retried
 *    (in AWS by Lambda's asynchronous retries, twice, minutes apart): the agencies that had it receive it again
 *    (same event ID), the log is unchanged. One agency's broken queue thus never holds the others back, and once
 *    the retries are spent the event waits in the undelivered queue (alarmed) for a replay to that agency
 *    (`npm run feed:replay`).
 */
export const deliverLifeEvent =
  (deps: DeliverDeps) =>
  async (input: unknown): Promise<DeliveryOutcome> => {
    const { subscriber: subscriberId, event } = DeliveryRequestSchema.parse(input);
    let candidates: readonly Subscriber[] | undefined;
    if (subscriberId !== undefined) {
      const subscriber = findSubscriber(subscriberId);
      if (!subscriber) throw new Error(`No subscriber "${subscriberId}" in shared/feed/subscribers.ts`);
      candidates = [subscriber];
    }
    const detail = event.detail;
    const subscribers = matchingSubscribers(event, candidates);
    if (subscribers.length === 0) {
      const who = subscriberId ? `${subscriberId} does not subscribe` : 'no agency subscribes';
      return { delivered: [], reason: `${who} to ${detail.type}` };
    }
    const replay = event['replay-name'];
    const deliveries = subscribers.map((subscriber) => {
      const { data, fields } = minimise(subscriber.allowedFields, detail.data);
      const entry: AccessRecord = {
        subjectPin: detail.pin,
        accessor: { type: 'agency', id: subscriber.clientId, name: subscriber.name },
        fields: ['pin', ...fields],
        purpose: subscriber.purpose,
        legalBasis: subscriber.legalBasis,
        outcome: 'granted',
        requestId: `feed:${subscriber.id}:${detail.eventId}${replay ? `:replay:${replay}` : ''}`,
      };
      const delivery: Delivery = {
        eventId: detail.eventId,
        type: detail.type,
        pin: detail.pin,
        sequence: detail.sequence,
        occurredAt: detail.occurredAt,
        data,
        ...(replay ? { replay } : {}),
      };
      return { subscriber: subscriber.id, fields: entry.fields, entry, delivery };
    });
    await deps.accessLog.recordMany(deliveries.map((d) => d.entry));
    const sent = await Promise.allSettled(deliveries.map((d) => deps.queues.send(d.subscriber, d.delivery)));
    const failed = new Map<string, unknown>();
    for (const [i, result] of sent.entries()) {
      if (result.status === 'rejected') failed.set(deliveries[i]?.subscriber ?? '', result.reason);
    }
    const delivered = deliveries.filter((d) => !failed.has(d.subscriber));
    if (failed.size > 0) {
      throw new PartialDeliveryError(
        failed,
        delivered.map((d) => d.subscriber),
      );
    }
    return { delivered: delivered.map(({ subscriber, fields }) => ({ subscriber, fields })) };
  };
