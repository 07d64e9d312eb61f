/**
 * Publishes the life events of a batch of Population stream records, in order. Used by the stream's Lambda
 * (functions/feed/publish-life-events.ts), which the event source mapping feeds with history inserts only.
 */
import { HistoryItemSchema, type LifeEvent, lifeEventOf } from './life-event.ts';
import type { LifeEventBus } from './ports.ts';

/** One stream record as the use case needs it: its sequence number and its new image (already unmarshalled). */
export interface ChangeRecord {
  readonly sequenceNumber: string;
  readonly newImage: Record<string, unknown> | undefined;
}

/** The outcome: the sequence number to resume from when not everything was published (Lambda's batch failure). */
export interface PublishResult {
  readonly published: number;
  readonly skipped: number;
  readonly retryFrom?: string;
}

/** Entries per PutEvents call (the EventBridge maximum). */
const PUT_EVENTS_MAX = 10;

/**
 * 1. Turn each record's new image into a life event; a record that is not a history item is skipped (the mapping's
 *    filter normally drops them; this is the defence in depth).
 * 2. Publish in chunks of 10, in order.
 * 3. At the first event the bus refuses, stop and return its record's sequence number: the mapping retries from
 *    there, so no event is lost, and none after it overtakes it (order per citizen). Events before it may be
 *    published again by a later retry only if the whole invocation fails; consumers deduplicate on the event ID.
 */
export const publishLifeEvents =
  (deps: { readonly bus: LifeEventBus }) =>
  async (records: readonly ChangeRecord[]): Promise<PublishResult> => {
    const pending: Array<{ readonly sequenceNumber: string; readonly event: LifeEvent }> = [];
    let skipped = 0;
    for (const record of records) {
      const item = HistoryItemSchema.safeParse(record.newImage);
      if (!item.success) {
        skipped += 1;
        continue;
      }
      pending.push({ sequenceNumber: record.sequenceNumber, event: lifeEventOf(item.data) });
    }
    let published = 0;
    for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX) {
      const chunk = pending.slice(start, start + PUT_EVENTS_MAX);
      const accepted = await deps.bus.publish(chunk.map((p) => p.event));
      published += accepted;
      if (accepted < chunk.length) {
        return { published, skipped, retryFrom: (chunk[accepted] as (typeof chunk)[number]).sequenceNumber };
      }
    }
    return { published, skipped };
  };
