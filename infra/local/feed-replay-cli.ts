/**
 * `npm run feed:replay -- --consumer vss --from 2026-12-01T00:00:00Z [--to ISO] [--name NAME] [--endpoint URL | --aws]
 * [--no-wait]`: delivers again, to one subscribing agency only, the life events the bus archived in a time range
 * (EventBridge StartReplay from the archive with the agency's replay rule as the only filter: that rule matches
 * replayed events only, and the fan-out rule of live events matches none, shared/feed/routing.ts). Deliveries carry the
 * original event IDs (the agency deduplicates) and `replay: <name>`; each is logged in the citizen's access log.
 *
 * By default it talks to the local cloud (AWS_ENDPOINT_URL_EVENTBRIDGE, else http://127.0.0.1:${AWS_PORT:-4566});
 * `--aws` uses real EventBridge with the ambient credentials and region (needs events:StartReplay,
 * events:DescribeReplay, events:DescribeEventBus, events:ListRules, and the PutEvents/replay permissions of the
 * archive). Exit codes: 0 completed (or started, with --no-wait), 1 the replay failed or EventBridge could not be
 * reached, 2 bad arguments. The logic is `replayForSubscriber`, which tests call with their own client.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DescribeEventBusCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListRulesCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { LIFE_EVENT_ARCHIVE_NAME, LIFE_EVENT_BUS_NAME, subscriberReplayRuleName } from '../../shared/feed/names.ts';
import { SUBSCRIBERS } from '../../shared/feed/subscribers.ts';

const LOCAL_REGION = 'ap-southeast-1';

export interface ReplayOptions {
  readonly client: EventBridgeClient;
  readonly subscriberId: string;
  readonly from: Date;
  readonly to: Date;
  /** Default `<subscriber>-<from as digits>-<epoch ms>`. */
  readonly name?: string;
  /** Wait until the replay completes (default true). */
  readonly wait?: boolean;
  readonly log?: (line: string) => void;
}

export interface ReplayResult {
  readonly name: string;
  readonly state: string;
  readonly reason?: string;
}

/** Starts a replay of the archive to one subscriber's replay rule and, unless told otherwise, waits for its end. */
export const replayForSubscriber = async (options: ReplayOptions): Promise<ReplayResult> => {
  const log = options.log ?? (() => undefined);
  if (!SUBSCRIBERS.some((s) => s.id === options.subscriberId)) {
    throw new UsageError(
      `Unknown consumer "${options.subscriberId}": one of ${SUBSCRIBERS.map((s) => s.id).join(', ')}.`,
    );
  }
  if (!(options.to > options.from)) throw new UsageError('--to must be after --from.');
  const { Arn: busArn } = await options.client.send(new DescribeEventBusCommand({ Name: LIFE_EVENT_BUS_NAME }));
  if (!busArn) throw new Error(`The bus ${LIFE_EVENT_BUS_NAME} did not report its ARN.`);
  const ruleName = subscriberReplayRuleName(options.subscriberId);
  const { Rules = [] } = await options.client.send(
    new ListRulesCommand({ EventBusName: LIFE_EVENT_BUS_NAME, NamePrefix: ruleName }),
  );
  const rule = Rules.find((r) => r.Name === ruleName);
  if (!rule?.Arn) throw new Error(`No rule ${ruleName} on ${LIFE_EVENT_BUS_NAME}: is the feed deployed?`);
  const name =
    options.name ??
    `${options.subscriberId}-${options.from.toISOString().replace(/\D/g, '').slice(0, 14)}-${Date.now()}`;
  await options.client.send(
    new StartReplayCommand({
      ReplayName: name,
      Description: `Replay to ${options.subscriberId} of ${options.from.toISOString()} – ${options.to.toISOString()}`,
      EventSourceArn: busArn.replace(/:event-bus\/.*$/, `:archive/${LIFE_EVENT_ARCHIVE_NAME}`),
      EventStartTime: options.from,
      EventEndTime: options.to,
      Destination: { Arn: busArn, FilterArns: [rule.Arn] },
    }),
  );
  log(`replay ${name} started: ${options.subscriberId}, ${options.from.toISOString()} – ${options.to.toISOString()}`);
  if (options.wait === false) return { name, state: 'STARTING' };
  for (;;) {
    const replay = await options.client.send(new DescribeReplayCommand({ ReplayName: name }));
    const state = replay.State ?? 'UNKNOWN';
    if (state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELLED') {
      log(`replay ${name}: ${state}${replay.StateReason ? ` (${replay.StateReason})` : ''}`);
      return { name, state, ...(replay.StateReason ? { reason: replay.StateReason } : {}) };
    }
    await sleep(500);
  }
};

export class UsageError extends Error {}

const parseDate = (value: string | undefined, flag: string): Date => {
  const date = new Date(value ?? '');
  if (value === undefined || Number.isNaN(date.getTime())) throw new UsageError(`${flag} needs an ISO date-time.`);
  return date;
};

const main = async (argv: readonly string[]): Promise<number> => {
  let client: EventBridgeClient | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        consumer: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        name: { type: 'string' },
        endpoint: { type: 'string' },
        aws: { type: 'boolean', default: false },
        'no-wait': { type: 'boolean', default: false },
      },
    });
    if (!values.consumer) throw new UsageError('--consumer is required (e.g. --consumer vss).');
    const from = parseDate(values.from, '--from');
    const to = values.to ? parseDate(values.to, '--to') : new Date();
    client = values.aws
      ? new EventBridgeClient({})
      : new EventBridgeClient({
          region: process.env.AWS_REGION ?? LOCAL_REGION,
          endpoint:
            values.endpoint ??
            process.env.AWS_ENDPOINT_URL_EVENTBRIDGE ??
            `http://127.0.0.1:${process.env.AWS_PORT ?? '4566'}`,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
          },
        });
    const result = await replayForSubscriber({
      client,
      subscriberId: values.consumer,
      from,
      to,
      ...(values.name ? { name: values.name } : {}),
      wait: !values['no-wait'],
      log: (line) => console.log(line),
    });
    return result.state === 'FAILED' ? 1 : 0;
  } catch (error) {
    console.error((error as Error).message);
    return error instanceof UsageError || (error as Error).name === 'TypeError' ? 2 : 1;
  } finally {
    client?.destroy();
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
