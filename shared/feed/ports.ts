/** The ports of the life-event feed's use cases; adapters live in shared/adapters/, fakes in the tests. */
import type { AccessRecorder } from '../citizen/ports.ts';
import type { LifeEvent } from './life-event.ts';

export type { AccessRecorder } from '../citizen/ports.ts';

/** The event bus the NPDB publishes life events to. */
export interface LifeEventBus {
  /**
   * Publishes events in the given order; resolves with how many of them (from the first) were accepted. Fewer than
   * all means the rest must be published again later (the bus refused or throttled them).
   */
  publish(events: readonly LifeEvent[]): Promise<number>;
}

/** A delivery as an agency receives it: the event, minimised to its purpose. */
export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly pin: string;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
  /** Set when the delivery is a replay (the replay's name); the event ID is the original's. */
  readonly replay?: string;
}

/** Each subscriber's own queue. */
export interface SubscriberQueues {
  send(subscriberId: string, delivery: Delivery): Promise<void>;
}

export interface DeliverDeps {
  readonly accessLog: AccessRecorder;
  readonly queues: SubscriberQueues;
}
