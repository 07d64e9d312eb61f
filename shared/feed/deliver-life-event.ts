/**
 * Delivers one life event to one subscribing agency: minimised to the fields its purpose allows, written to the
 * citizen's access log ("who received my data"), then sent to the agency's own queue. Invoked by the agency's
 * EventBridge rule (functions/feed/deliver-life-event.ts) with `{ subscriber, event }`.
 */
import * as z from 'zod';
import { LIFE_EVENT_SOURCE, LifeEventSchema } from './life-event.ts';
import type { DeliverDeps, Delivery } from './ports.ts';
import { findSubscriber, minimise } from './subscribers.ts';

/** What the rule's input transformer hands the function: the subscriber and the whole EventBridge event. */
export const DeliveryRequestSchema = z.object({
  subscriber: z.string().min(1),
  event: z.looseObject({
    id: z.string(),
    source: z.literal(LIFE_EVENT_SOURCE),
    'detail-type': z.string(),
    detail: LifeEventSchema,
    'replay-name': z.string().optional(),
  }),
});
export type DeliveryRequest = z.input<typeof DeliveryRequestSchema>;

export type DeliveryOutcome =
  | { readonly delivered: true; readonly fields: readonly string[] }
  | {
      readonly delivered: false;
      readonly reason: string;
    };

/**
 * 1. Validate the request (a malformed event or an unknown subscriber is a deployment error: it throws, and the
 *    rule's retries and DLQ keep the event).
 * 2. Deliver nothing of a type the subscriber did not subscribe to (defence in depth behind the rule's pattern).
 * 3. Keep only the allowed fields (`pin` always travels: it is whom the event is about).
 * 4. Record the disclosure in the citizen's access log, before anything leaves: request ID
 *    `feed:<subscriber>:<event ID>` (plus the replay's name), so a retried delivery is the same request.
 * 5. Send to the subscriber's queue with the event ID, for the agency's deduplication.
 */
export const deliverLifeEvent =
  (deps: DeliverDeps) =>
  async (input: unknown): Promise<DeliveryOutcome> => {
    const { subscriber: subscriberId, event } = DeliveryRequestSchema.parse(input);
    const subscriber = findSubscriber(subscriberId);
    if (!subscriber) throw new Error(`No subscriber "${subscriberId}" in shared/feed/subscribers.ts`);
    const detail = event.detail;
    if (!(subscriber.eventTypes as readonly string[]).includes(detail.type)) {
      return { delivered: false, reason: `${subscriber.id} does not subscribe to ${detail.type}` };
    }
    const { data, fields } = minimise(subscriber.allowedFields, detail.data);
    const replay = event['replay-name'];
    await deps.accessLog.recordMany([
      {
        subjectPin: detail.pin,
        accessor: { type: 'agency', id: subscriber.clientId, name: subscriber.name },
        fields: ['pin', ...fields],
        purpose: subscriber.purpose,
        legalBasis: subscriber.legalBasis,
        outcome: 'granted',
        requestId: `feed:${subscriber.id}:${detail.eventId}${replay ? `:replay:${replay}` : ''}`,
      },
    ]);
    const delivery: Delivery = {
      eventId: detail.eventId,
      type: detail.type,
      pin: detail.pin,
      sequence: detail.sequence,
      occurredAt: detail.occurredAt,
      data,
      ...(replay ? { replay } : {}),
    };
    await deps.queues.send(subscriber.id, delivery);
    return { delivered: true, fields: ['pin', ...fields] };
  };
