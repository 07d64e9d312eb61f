/**
 * The local cloud's EventBridge: one custom bus with an archive, its rules (patterns evaluated by
 * shared/feed/event-pattern.ts, the same JSON CDK deploys) and replays, served on the local AWS endpoint as
 * `AWSEvents.<Operation>` so the real `@aws-sdk/client-eventbridge` and the AWS CLI work against it.
 *
 * Operations: PutEvents, ListRules, DescribeEventBus, StartReplay, DescribeReplay.
 *
 * Delivery is as EventBridge's to a Lambda target: asynchronous after PutEvents answers, retried with backoff
 * (`maxAttempts`), then handed to `onUndeliverable` (the rule target's DLQ). Every accepted event is appended to
 * the archive file before PutEvents answers, and each completed delivery is journaled, so after a crash or a
 * restart the deliveries that had not completed run again (at least once, as in AWS).
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EventPattern, matchesEventPattern, validateEventPattern } from '../../../shared/feed/event-pattern.ts';
import { AwsServiceError, isObject } from '../aws-endpoint/aws-json-protocol.ts';
import type { ExtraService } from '../aws-endpoint/local-aws-endpoint.ts';

export interface LocalRule {
  readonly name: string;
  readonly pattern: EventPattern;
  /** The rule's target, given the whole event (the target's input transformer is the caller's business). */
  readonly target: (event: BusEvent) => Promise<unknown>;
}

/** An event as EventBridge hands it to targets. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
  readonly 'replay-name'?: string;
}

export interface LocalEventBusOptions {
  readonly region: string;
  readonly accountId: string;
  readonly busName: string;
  readonly archiveName: string;
  readonly rules: readonly LocalRule[];
  /** Archive and delivery journal (JSON lines); undefined keeps them in memory. */
  readonly dataDir?: string;
  /** Attempts per delivery before `onUndeliverable`; default 8 (about 25 s of backoff; AWS retries for 24 h). */
  readonly maxAttempts?: number;
  /** Backoff before attempt n+1: baseDelayMs · 2^(n-1); default 200. */
  readonly baseDelayMs?: number;
  /**
   * Target invocations running at once, across rules (a reserved concurrency: every function shares this one
   * process); the others wait their turn. Default 16.
   */
  readonly maxConcurrency?: number;
  readonly onUndeliverable: (rule: string, event: BusEvent, error: unknown) => Promise<void>;
  readonly log?: (line: string) => void;
}

interface ArchivedEvent {
  readonly archivedAt: number;
  readonly event: BusEvent;
}

interface Replay {
  readonly name: string;
  readonly arn: string;
  state: 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  reason?: string;
  readonly startTime: number;
  endTime?: number;
  lastReplayed?: number;
  readonly eventStart: number;
  readonly eventEnd: number;
}

const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 256 * 1024;

const epochSeconds = (value: unknown, name: string): number => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  throw new AwsServiceError('events', 'ValidationException', `${name} must be a timestamp.`);
};

export class LocalEventBus implements ExtraService {
  readonly busArn: string;
  readonly archiveArn: string;
  private readonly archive: ArchivedEvent[] = [];
  /** `<event id> <rule>` of completed deliveries (replays excluded). */
  private readonly delivered = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly replays = new Map<string, Replay>();
  private readonly archiveFile: string | undefined;
  private readonly journalFile: string | undefined;
  private closed = false;
  private running = 0;
  /** Invocations waiting for slots, first come first served: an event's first deliveries wait as one group. */
  private readonly waiting: Array<{ readonly slots: number; readonly start: () => void }> = [];

  constructor(private readonly options: LocalEventBusOptions) {
    for (const rule of options.rules) validateEventPattern(rule.pattern);
    const arn = (resource: string) => `arn:aws:events:${options.region}:${options.accountId}:${resource}`;
    this.busArn = arn(`event-bus/${options.busName}`);
    this.archiveArn = arn(`archive/${options.archiveName}`);
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.archiveFile = `${options.dataDir}/archive.jsonl`;
      this.journalFile = `${options.dataDir}/deliveries.jsonl`;
      this.archive.push(...readLines<ArchivedEvent>(this.archiveFile));
      for (const line of readLines<{ id: string; rule: string }>(this.journalFile)) {
        this.delivered.add(`${line.id} ${line.rule}`);
      }
    }
  }

  ruleArn(ruleName: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:rule/${this.options.busName}/${ruleName}`;
  }

  /** Runs again the deliveries of archived events that had not completed before the last stop. */
  resumePending(): number {
    let resumed = 0;
    for (const { event } of this.archive) {
      for (const rule of this.options.rules) {
        if (!this.delivered.has(`${event.id} ${rule.name}`) && matchesEventPattern(rule.pattern, event)) {
          this.dispatch([rule], event);
          resumed += 1;
        }
      }
    }
    return resumed;
  }

  /** Events in the archive (for tests and the bench). */
  get archivedCount(): number {
    return this.archive.length;
  }

  async handle(operation: string, input: Record<string, unknown>): Promise<unknown> {
    switch (operation) {
      case 'PutEvents':
        return this.putEvents(input);
      case 'ListRules':
        return {
          Rules: this.options.rules.map((rule) => ({
            Name: rule.name,
            Arn: this.ruleArn(rule.name),
            EventPattern: JSON.stringify(rule.pattern),
            State: 'ENABLED',
            EventBusName: this.options.busName,
          })),
        };
      case 'DescribeEventBus':
        return { Name: this.options.busName, Arn: this.busArn };
      case 'StartReplay':
        return this.startReplay(input);
      case 'DescribeReplay':
        return this.describeReplay(input);
      default:
        throw new AwsServiceError(
          'events',
          'UnknownOperationException',
          `The local EventBridge serves PutEvents, ListRules, DescribeEventBus, StartReplay and DescribeReplay, not ${operation}.`,
        );
    }
  }

  /** Waits for the deliveries in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops retrying; deliveries not completed run again after the next start. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(2_000)]);
  }

  private putEvents(input: Record<string, unknown>) {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
      throw new AwsServiceError('events', 'ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} events.`);
    }
    const results = entries.map((entry: unknown) => {
      if (!isObject(entry)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'An entry must be an object.' };
      const bus = entry.EventBusName ?? 'default';
      if (bus !== this.options.busName && bus !== this.busArn) {
        return { ErrorCode: 'NotFoundException', ErrorMessage: `Event bus ${String(bus)} does not exist.` };
      }
      if (typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string' || typeof entry.Detail !== 'string')
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
      if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES)
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'The entry is larger than 256 KB.' };
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
      }
      if (!isObject(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
      const time = entry.Time === undefined ? Date.now() / 1000 : epochSeconds(entry.Time, 'Time');
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: this.options.accountId,
        time: new Date(Math.floor(time) * 1000).toISOString().replace('.000Z', 'Z'),
        region: this.options.region,
        resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
        detail,
      };
      this.accept(event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  private accept(event: BusEvent): void {
    const archived = { archivedAt: Date.now(), event };
    if (this.archiveFile) appendFileSync(this.archiveFile, `${JSON.stringify(archived)}\n`);
    this.archive.push(archived);
    this.dispatch(
      this.options.rules.filter((rule) => matchesEventPattern(rule.pattern, event)),
      event,
    );
  }

  /**
   * Delivers an event to its rules' targets. Their first attempts start together, as EventBridge invokes an
   * event's targets at about the same moment: they wait for as many free slots as there are rules, rather than
   * trickle in one slot at a time (the delivery function then writes the citizen's access log once for all).
   */
  private dispatch(rules: readonly LocalRule[], event: BusEvent): void {
    const together = rules.length > 1 && rules.length <= this.maxConcurrency;
    const slots = together ? this.acquire(rules.length) : undefined;
    for (const rule of rules) {
      const running = this.deliver(rule, event, slots).finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }
  }

  private get maxConcurrency(): number {
    return this.options.maxConcurrency ?? 16;
  }

  /** Resolves once `slots` slots are taken for the caller (first come, first served). */
  private acquire(slots: number): Promise<void> {
    if (this.waiting.length === 0 && this.running + slots <= this.maxConcurrency) {
      this.running += slots;
      return Promise.resolve();
    }
    return new Promise<void>((start) => this.waiting.push({ slots, start }));
  }

  /** Frees one slot; hands the free slots to the waiting invocations in order while the first one fits. */
  private release(): void {
    this.running -= 1;
    for (let next = this.waiting[0]; next && this.running + next.slots <= this.maxConcurrency; next = this.waiting[0]) {
      this.waiting.shift();
      this.running += next.slots;
      next.start();
    }
  }

  /** Runs a target invocation in a slot (see `maxConcurrency`): `slot` when given (taken for it), else a free one. */
  private async invoke(rule: LocalRule, event: BusEvent, slot?: Promise<void>): Promise<void> {
    await (slot ?? this.acquire(1));
    try {
      await rule.target(event);
    } finally {
      this.release();
    }
  }

  private async deliver(rule: LocalRule, event: BusEvent, firstSlot?: Promise<void>): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.invoke(rule, event, attempt === 1 ? firstSlot : undefined);
        if (event['replay-name'] === undefined) {
          this.delivered.add(`${event.id} ${rule.name}`);
          if (this.journalFile)
            appendFileSync(this.journalFile, `${JSON.stringify({ id: event.id, rule: rule.name })}\n`);
        }
        return;
      } catch (error) {
        if (this.closed) return;
        if (attempt >= maxAttempts) {
          this.options.log?.(`${rule.name}: event ${event.id} undeliverable: ${(error as Error).message}`);
          await this.options.onUndeliverable(rule.name, event, error);
          if (event['replay-name'] === undefined) {
            this.delivered.add(`${event.id} ${rule.name}`);
            if (this.journalFile)
              appendFileSync(this.journalFile, `${JSON.stringify({ id: event.id, rule: rule.name })}\n`);
          }
          return;
        }
        await sleep((this.options.baseDelayMs ?? 200) * 2 ** (attempt - 1));
      }
    }
  }

  private startReplay(input: Record<string, unknown>) {
    const name = input.ReplayName;
    if (typeof name !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(name))
      throw new AwsServiceError('events', 'ValidationException', 'ReplayName: 1-64 letters, digits, . - _');
    if (this.replays.has(name))
      throw new AwsServiceError('events', 'ResourceAlreadyExistsException', `Replay ${name} already exists.`);
    if (input.EventSourceArn !== this.archiveArn)
      throw new AwsServiceError(
        'events',
        'ResourceNotFoundException',
        `Archive ${String(input.EventSourceArn)} does not exist.`,
      );
    const destination = isObject(input.Destination) ? input.Destination : {};
    if (destination.Arn !== this.busArn)
      throw new AwsServiceError('events', 'ValidationException', `Destination.Arn must be ${this.busArn}.`);
    const filterArns = Array.isArray(destination.FilterArns) ? destination.FilterArns.map(String) : [];
    const rules = this.options.rules.filter(
      (rule) => filterArns.length === 0 || filterArns.includes(this.ruleArn(rule.name)),
    );
    const unknown = filterArns.filter((arn) => !this.options.rules.some((rule) => this.ruleArn(rule.name) === arn));
    if (unknown.length > 0)
      throw new AwsServiceError('events', 'ResourceNotFoundException', `No rule ${unknown.join(', ')} on the bus.`);
    const eventStart = epochSeconds(input.EventStartTime, 'EventStartTime') * 1000;
    const eventEnd = epochSeconds(input.EventEndTime, 'EventEndTime') * 1000;
    if (eventEnd <= eventStart)
      throw new AwsServiceError('events', 'ValidationException', 'EventEndTime must be after EventStartTime.');
    const replay: Replay = {
      name,
      arn: `arn:aws:events:${this.options.region}:${this.options.accountId}:replay/${name}`,
      state: 'STARTING',
      startTime: Date.now(),
      eventStart,
      eventEnd,
    };
    this.replays.set(name, replay);
    void this.runReplay(replay, rules);
    return { ReplayArn: replay.arn, State: replay.state, ReplayStartTime: replay.startTime / 1000 };
  }

  /** Replays in archive order; each rule's deliveries of one replay run one after another, in order. */
  private async runReplay(replay: Replay, rules: readonly LocalRule[]): Promise<void> {
    replay.state = 'RUNNING';
    try {
      const selected = this.archive.filter((a) => a.archivedAt >= replay.eventStart && a.archivedAt < replay.eventEnd);
      for (const { archivedAt, event } of selected) {
        const replayed: BusEvent = { ...event, 'replay-name': replay.name };
        for (const rule of rules) if (matchesEventPattern(rule.pattern, replayed)) await this.deliver(rule, replayed);
        replay.lastReplayed = archivedAt;
      }
      replay.state = 'COMPLETED';
    } catch (error) {
      replay.state = 'FAILED';
      replay.reason = (error as Error).message;
    }
    replay.endTime = Date.now();
  }

  private describeReplay(input: Record<string, unknown>) {
    const replay = this.replays.get(String(input.ReplayName));
    if (!replay)
      throw new AwsServiceError(
        'events',
        'ResourceNotFoundException',
        `Replay ${String(input.ReplayName)} does not exist.`,
      );
    return {
      ReplayName: replay.name,
      ReplayArn: replay.arn,
      State: replay.state,
      ...(replay.reason ? { StateReason: replay.reason } : {}),
      EventSourceArn: this.archiveArn,
      EventStartTime: replay.eventStart / 1000,
      EventEndTime: replay.eventEnd / 1000,
      ReplayStartTime: replay.startTime / 1000,
      ...(replay.endTime ? { ReplayEndTime: replay.endTime / 1000 } : {}),
      ...(replay.lastReplayed ? { EventLastReplayedTime: replay.lastReplayed / 1000 } : {}),
    };
  }
}

/** The lines of a JSON-lines file, ignoring a torn last line; none if the file does not exist. */
const readLines = <T>(file: string): T[] => {
  if (!existsSync(file)) return [];
  mkdirSync(dirname(file), { recursive: true });
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
};
