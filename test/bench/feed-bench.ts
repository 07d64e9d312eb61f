/**
 * Life-event feed bench: residence changes written to the Population table (as the residence step writes them)
 * travel through the local stream reader, the publisher, the bus, the fan-out rule and the delivery function (one
 * invocation per event for all its agencies) to the agencies' queues. Measured: events/s and deliveries/s from the
 * first write to the last delivery, and per delivery the latency from the change's instant to the queue's
 * SentTimestamp (p50/p99), plus a cost per million events on AWS from the counted requests. Results: test/bench/results/feed.{md,json}.
 *
 * Called from run.ts (`BENCH_ONLY=feed`), or on its own: `npx tsx test/bench/feed-bench.ts` (own local cloud).
 * Size: `BENCH_FEED_EVENTS` (default 2000) changes by `BENCH_FEED_WRITERS` (default 16) concurrent writers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.ts';
import { topology } from '../../infra/topology.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { matchesEventPattern } from '../../shared/feed/event-pattern.ts';
import { LIFE_EVENT_SOURCE } from '../../shared/feed/life-event.ts';
import { subscriberQueueName } from '../../shared/feed/names.ts';
import type { Delivery } from '../../shared/feed/ports.ts';
import { SUBSCRIBERS, subscriberPattern } from '../../shared/feed/subscribers.ts';
import { seededPopulation } from '../support/dossiers.ts';
import { freePort } from '../support/free-port.ts';
import { AWS_PRICES } from './aws-prices.ts';

const EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 2000);
const WRITERS = Number(process.env.BENCH_FEED_WRITERS ?? 16);
/**
 * EventBridge custom-bus events, $1.00 per million (64 KB chunks). Not in ../shared/FIGURES.md: taken from the
 * EventBridge pricing page as remembered; check it before relying on it. Lambda reading DynamoDB Streams is free.
 */
const EVENTBRIDGE_PER_EVENT = 1.0 / 1e6;

export interface FeedBench {
  readonly events: number;
  readonly deliveries: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  readonly fanOut: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly costPerMillionEvents: ReadonlyArray<{ item: string; usd: number }>;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Requests counted per event on AWS (fan-out `f` agencies), priced with AWS_PRICES. */
const costPerMillion = (fanOut: number) => {
  const lambdaGbSeconds = (memoryMb: number, ms: number) => (memoryMb / 1024) * (ms / 1000);
  const items = [
    { item: 'EventBridge PutEvents (1 per event)', usd: EVENTBRIDGE_PER_EVENT },
    {
      // Publisher: one invocation per stream batch; 10 events a batch and 100 ms (conservative at the national rate).
      item: 'Publisher Lambda (512 MB, 100 ms per batch of 10)',
      usd: (AWS_PRICES.lambdaPerRequest + lambdaGbSeconds(512, 100) * AWS_PRICES.lambdaPerGbSecondArm) / 10,
    },
    {
      // One invocation per event, by the fan-out rule, for all its agencies (shared/feed/routing.ts): one access-log
      // transaction, then the agencies' sends at once. 80 ms: a little more work than one agency's 50 ms.
      item: 'Delivery Lambda (512 MB, 80 ms), 1 per event for all agencies',
      usd: AWS_PRICES.lambdaPerRequest + lambdaGbSeconds(512, 80) * AWS_PRICES.lambdaPerGbSecondArm,
    },
    {
      // The hash-chained append (shared/adapters/dynamodb/access-log-store.ts): ONE transaction per event holding,
      // per agency, its request's claim and its entry, and the head moved once (2f + 1 items × 2 WRU), no head read
      // unless another append about the citizen moved the head. The agencies no longer race for the head, so no
      // cancelled transaction is repeated.
      item: `Access-log append, 1 transaction of ${2 * fanOut + 1} items (${2 * (2 * fanOut + 1)} WRU)`,
      usd: 2 * (2 * fanOut + 1) * AWS_PRICES.dynamoDbPerWriteUnit,
    },
    {
      item: `SQS send + the agency's receive and delete (3 requests) × ${fanOut.toFixed(2)}`,
      usd: fanOut * 3 * AWS_PRICES.sqsPerRequest,
    },
  ];
  return items.map((i) => ({ item: i.item, usd: i.usd * 1e6 }));
};

/** Runs the bench against a running local cloud whose seed holds at least EVENTS living citizens. */
export const runFeedBench = async (
  cloud: LocalCloud,
  seeded: number,
  log: (line: string) => void,
): Promise<FeedBench> => {
  const config = { region: 'ap-southeast-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } };
  const document = DynamoDBDocumentClient.from(new DynamoDBClient({ ...config, endpoint: cloud.dynamoDbEndpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const store = new PopulationStore(document, 'Population');
  const sqs = new SQSClient({ ...config, endpoint: cloud.awsEndpoint });
  const people = seededPopulation(seeded)
    .filter((c) => c.status === 'alive')
    .slice(0, EVENTS);
  const receivers = SUBSCRIBERS.filter((s) =>
    matchesEventPattern(subscriberPattern(s), { source: LIFE_EVENT_SOURCE, 'detail-type': 'Residence Changed' }),
  ).map((s) => s.id);
  const expected = people.length * receivers.length;
  const pins = new Set(people.map((p) => p.pin));
  const started = Date.now();
  log(`feed: ${people.length} residence changes by ${WRITERS} writers → ${receivers.join(', ')}`);

  const latencies: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let lastDelivery = 0;
  let writing = true;
  const consumers = receivers.map(async (id) => {
    const url = `${cloud.awsEndpoint}/000000000000/${subscriberQueueName(id)}`;
    while (writing || seen.size < expected) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      for (const message of Messages) {
        const delivery = JSON.parse(message.Body ?? '{}') as Delivery;
        // Deliveries of other benches' changes (births, deaths) are drained but not counted.
        if (
          !pins.has(delivery.pin) ||
          delivery.type !== 'Residence Changed' ||
          Date.parse(delivery.occurredAt) < started
        )
          continue;
        const key = `${id} ${delivery.eventId}`;
        if (seen.has(key)) duplicates += 1;
        seen.add(key);
        const sent = Number(message.Attributes?.SentTimestamp ?? Date.now());
        latencies.push(sent - Date.parse(delivery.occurredAt));
        lastDelivery = Math.max(lastDelivery, sent);
      }
      if (Messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
      if (!writing && Messages.length === 0 && Date.now() - lastDelivery > 30_000) break;
    }
  });

  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < people.length) {
        const person = people[next++];
        if (!person) break;
        const before = await store.getCitizen(person.pin);
        if (!before) continue;
        const { version: _v, ...record } = before;
        const moved = { ...record.permanentResidence, addressLine: `${record.permanentResidence.addressLine} (mới)` };
        await store.updateCitizen(
          before,
          { ...record, permanentResidence: moved },
          { actor: 'bench', action: 'permanent-residence-registered', at: new Date().toISOString() },
        );
      }
    }),
  );
  const writeSeconds = (Date.now() - started) / 1000;
  writing = false;
  await Promise.all(consumers);
  sqs.destroy();
  document.destroy();

  const seconds = (lastDelivery - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const deliveries = seen.size;
  log(
    `feed: writes took ${writeSeconds.toFixed(1)} s; ${deliveries}/${expected} deliveries in ${seconds.toFixed(1)} s`,
  );
  return {
    events: people.length,
    deliveries,
    seconds,
    eventsPerSecond: people.length / seconds,
    deliveriesPerSecond: deliveries / seconds,
    latencyP50Ms: percentile(sorted, 50),
    latencyP99Ms: percentile(sorted, 99),
    latencyMaxMs: sorted.at(-1) ?? Number.NaN,
    fanOut: receivers.length,
    lost: expected - deliveries,
    duplicates,
    costPerMillionEvents: costPerMillion(receivers.length),
  };
};

export const feedLines = (feed: FeedBench | undefined): string[] => {
  if (!feed) return [];
  const total = feed.costPerMillionEvents.reduce((sum, i) => sum + i.usd, 0);
  return [
    '## Life-event feed: Population stream → bus → agency queues',
    '',
    `${feed.events} residence changes written by ${WRITERS} concurrent writers, each delivered to ${feed.fanOut} agencies`,
    '(stream reader, publisher, bus fan-out rule, one delivery invocation per event with one access-log append for all',
    'its agencies, SQS), all on this machine.',
    '',
    '| Events | Deliveries | Lost | Duplicates | Seconds | Events/s | Deliveries/s | Latency p50 ms | p99 ms | max ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${feed.events} | ${feed.deliveries} | ${feed.lost} | ${feed.duplicates} | ${feed.seconds.toFixed(1)} | ${feed.eventsPerSecond.toFixed(0)} | ${feed.deliveriesPerSecond.toFixed(0)} | ${feed.latencyP50Ms.toFixed(0)} | ${feed.latencyP99Ms.toFixed(0)} | ${feed.latencyMaxMs.toFixed(0)} |`,
    '',
    'Latency: from the change (its history instant) to the SQS SentTimestamp of the delivery in the agency queue.',
    '',
    `### Cost per million life events on AWS (fan-out ${feed.fanOut}; prices ${AWS_PRICES.asOf}, ${AWS_PRICES.region})`,
    '',
    '| Item | US$ per million events |',
    '|---|---:|',
    ...feed.costPerMillionEvents.map((i) => `| ${i.item} | ${i.usd.toFixed(2)} |`),
    `| **Total** | **${total.toFixed(2)}** |`,
    '',
    'At ~2.0 M births and deaths and a few million residence changes a year nationally, the feed costs a few',
    'tens of dollars a month; the Population stream itself adds no read charge when Lambda reads it.',
    '',
  ];
};

/** Writes the feed's figures to test/bench/results/feed.{md,json}. */
export const writeFeedResults = (feed: FeedBench): string => {
  const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const markdown = [
    `# Feed bench (${new Date().toISOString()}, ${machine.cpus} CPUs, Node ${machine.node})`,
    '',
    ...feedLines(feed),
  ].join('\n');
  const dir = join(REPO_ROOT, 'test/bench/results');
  writeFileSync(join(dir, 'feed.md'), markdown);
  writeFileSync(
    join(dir, 'feed.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, feed }, null, 2)}\n`,
  );
  return markdown;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(`[bench] ${line}`);
  const seeded = Math.max(EVENTS * 2, 5000);
  const dataDir = mkdtempSync(join(tmpdir(), 'p06-feed-bench-'));
  const cloud = await startLocalCloud({
    topology: topology(['01']),
    dataDir,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    seedCitizens: seeded,
    log,
  });
  try {
    console.log(writeFeedResults(await runFeedBench(cloud, seeded, log)));
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
