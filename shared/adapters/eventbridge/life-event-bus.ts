/** Publishes life events to the feed's EventBridge bus (`PutEvents`, at most 10 entries a call). */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LIFE_EVENT_SOURCE, type LifeEvent } from '../../feed/life-event.ts';
import type { LifeEventBus } from '../../feed/ports.ts';

export class EventBridgeLifeEventBus implements LifeEventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  /** Counts the accepted entries up to the first refused one (EventBridge answers per entry). */
  async publish(events: readonly LifeEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const { Entries = [] } = await this.client.send(
      new PutEventsCommand({
        Entries: events.map((event) => ({
          EventBusName: this.busName,
          Source: LIFE_EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify(event),
          Time: new Date(event.occurredAt),
          Resources: [],
        })),
      }),
    );
    const firstFailure = Entries.findIndex((entry) => entry.ErrorCode !== undefined || entry.EventId === undefined);
    return firstFailure === -1 ? events.length : firstFailure;
  }
}
