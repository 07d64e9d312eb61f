/**
 * `npm run dlq:redrive -- --province 01[,79|all] [--endpoint URL | --aws] [--rate N] [--dry-run] [--wait]`:
 * moves the messages of provinces' intake dead-letter queues (`p06-intake-XX-dlq`) back to their intake
 * queues (`p06-intake-XX`) with an SQS message move task (StartMessageMoveTask without DestinationArn, so each
 * message returns to the queue it came from).
 *
 * By default it talks to the local cloud's AWS endpoint (AWS_ENDPOINT_URL_SQS, else
 * http://127.0.0.1:${AWS_PORT:-4566}); `--aws` uses real SQS with the ambient credentials and region (the SDK's
 * default chains: AWS_PROFILE, AWS_REGION, SSO, instance roles...).
 * Exit codes: 0 done (also when a move task was already running), 1 a queue is missing, a move task failed or
 * SQS could not be reached, 2 bad arguments.
 * The logic is `redriveDeadLetters`, which tests call with their own client; the rest only parses and prints.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  QueueDoesNotExist,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { intakeDlqName, intakeQueueName, parseProvinceList } from '../topology.ts';

/** The local cloud's region (LOCAL_REGION in local-cloud.ts, not imported to keep this CLI light). */
const LOCAL_REGION = 'ap-southeast-1';
/** SQS's limit for MaxNumberOfMessagesPerSecond. */
export const MAX_REDRIVE_RATE = 500;

export type RedriveOutcome =
  /** The dead-letter queue holds no visible message: nothing to do. */
  | 'empty'
  /** `dryRun`: the depth was reported, nothing moved. */
  | 'dry-run'
  /** A move task was started (without `wait`). */
  | 'started'
  /** Another move task was already running for this dead-letter queue; none was started. */
  | 'already-running'
  /** `wait`: the task finished with COMPLETED. */
  | 'completed'
  /** `wait`: the task finished with FAILED (or was cancelled). */
  | 'failed'
  /** The dead-letter queue or the intake queue does not exist: the province is not onboarded there. */
  | 'missing-queue';

export interface ProvinceRedrive {
  readonly province: string;
  /** The dead-letter queue's name (`p06-intake-XX-dlq`). */
  readonly dlqName: string;
  /** The intake queue's name (`p06-intake-XX`), where the messages go back. */
  readonly queueName: string;
  readonly outcome: RedriveOutcome;
  /** Visible messages in the dead-letter queue before the move (ApproximateNumberOfMessages). */
  readonly messages: number;
  /** Handle of the move task started, or of the one already running. */
  readonly taskHandle?: string;
  /** Messages moved by the task, when known (`wait`, or the running task's progress). */
  readonly moved?: number;
  /** Why the province failed (missing queue, failure reason of the task). */
  readonly error?: string;
}

export interface RedriveOptions {
  /** A client of the SQS to act on (the local endpoint or AWS); the caller owns it. */
  readonly sqs: SQSClient;
  /** Province codes; their queues are named by intakeDlqName/intakeQueueName. */
  readonly provinces: readonly string[];
  /** Only report how many messages each dead-letter queue holds. */
  readonly dryRun?: boolean;
  /** MaxNumberOfMessagesPerSecond of the move tasks (1-500); default: as fast as SQS moves them. */
  readonly rate?: number;
  /**
   * Poll ListMessageMoveTasks until each task started has finished (all are started first, then waited for
   * together), and report how many messages moved.
   */
  readonly wait?: boolean;
  /** Receives one human-readable line per event. Default: nothing. */
  readonly log?: (line: string) => void;
  /** First interval between polls while waiting (doubling up to 5 s). Default 200 ms. */
  readonly pollIntervalMs?: number;
}

const MAX_POLL_INTERVAL_MS = 5000;
const TERMINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Whether an SQS error says that a move task is already running for the source queue. */
const isTaskAlreadyRunning = (error: unknown): boolean =>
  /already a task running|only one active task|already .*running/i.test((error as Error).message ?? '');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * For each province, reports the depth of its intake dead-letter queue and (unless `dryRun`) starts a message
 * move task that sends the messages back to the intake queue, optionally waiting for it to finish.
 * A missing queue or a failed task is reported for that province and the others go on; any other SQS error
 * (unreachable endpoint, denied access) is thrown, naming the province.
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<ProvinceRedrive[]> {
  const { rate } = options;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > MAX_REDRIVE_RATE)) {
    throw new RangeError(`rate must be a whole number of messages per second from 1 to ${MAX_REDRIVE_RATE}`);
  }
  const log = options.log ?? (() => {});
  const runs: ProvinceRun[] = [];
  const summaries: ProvinceRedrive[] = [];
  for (const province of options.provinces) {
    const run = new ProvinceRun(options, province, log);
    runs.push(run);
    try {
      summaries.push(await run.start());
    } catch (error) {
      if (!(error instanceof MissingQueueError)) {
        throw new Error(`province ${province} (${run.dlqName}): ${(error as Error).message}`, { cause: error });
      }
      const message = `queue ${error.queueName} does not exist: province ${province} is not onboarded here`;
      log(`province ${province}: ${message}`);
      summaries.push({ ...run.names, outcome: 'missing-queue', messages: 0, error: message });
    }
  }
  if (!options.wait) return summaries;
  // Every task is started before any is waited for, so that rate-limited moves of many provinces overlap.
  return Promise.all(
    summaries.map(async (summary, index) => {
      const run = runs[index] as ProvinceRun;
      try {
        return summary.outcome === 'started' ? await run.finish(summary) : summary;
      } catch (error) {
        throw new Error(`province ${run.names.province} (${run.dlqName}): ${(error as Error).message}`, {
          cause: error,
        });
      }
    }),
  );
}

class MissingQueueError extends Error {
  constructor(
    readonly queueName: string,
    cause: unknown,
  ) {
    super(`queue ${queueName} does not exist`, { cause });
  }
}

/** The redrive of one province's dead-letter queue. */
class ProvinceRun {
  readonly dlqName: string;
  readonly queueName: string;
  private readonly sqs: SQSClient;
  /** The dead-letter queue's ARN, once `start` has read it. */
  private dlqArn: string | undefined;

  constructor(
    private readonly options: RedriveOptions,
    private readonly province: string,
    private readonly log: (line: string) => void,
  ) {
    this.sqs = options.sqs;
    this.dlqName = intakeDlqName(province);
    this.queueName = intakeQueueName(province);
  }

  get names() {
    return { province: this.province, dlqName: this.dlqName, queueName: this.queueName };
  }

  /** Reports the depth and, unless a dry run, starts the move task. */
  async start(): Promise<ProvinceRedrive> {
    const { province, dlqName, queueName, log } = this;
    const { dryRun = false, rate } = this.options;
    const dlqUrl = await this.queueUrl(dlqName);
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: dlqUrl,
        AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const dlqArn = Attributes.QueueArn;
    if (dlqArn === undefined) throw new Error(`SQS returned no QueueArn for ${dlqName}`);
    this.dlqArn = dlqArn;
    const messages = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    log(
      `province ${province}: ${messages} message(s) in ${dlqName}` +
        (inFlight > 0 ? ` (and ${inFlight} in flight, which a move task skips)` : ''),
    );
    // The messages go back to the queue they came from: make sure it is there before moving anything.
    await this.queueUrl(queueName);
    if (dryRun) return { ...this.names, outcome: 'dry-run', messages };
    if (messages === 0) return { ...this.names, outcome: 'empty', messages };

    const running = await this.runningTask(dlqArn);
    if (running !== undefined) return this.alreadyRunning(messages, running);
    let taskHandle: string | undefined;
    try {
      ({ TaskHandle: taskHandle } = await this.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: dlqArn,
          ...(rate !== undefined ? { MaxNumberOfMessagesPerSecond: rate } : {}),
        }),
      ));
    } catch (error) {
      // Someone started one between our look and our start.
      if (!isTaskAlreadyRunning(error)) throw error;
      return this.alreadyRunning(messages, (await this.runningTask(dlqArn)) ?? {});
    }
    log(
      `province ${province}: move task started, ${dlqName} → ${queueName}` +
        `${rate !== undefined ? ` at ${plural(rate, 'message')}/s` : ''} (task handle ${taskHandle})`,
    );
    return { ...this.names, messages, outcome: 'started', ...(taskHandle !== undefined ? { taskHandle } : {}) };
  }

  /** Waits for the task that `start` started to end, and reports how many messages it moved. */
  async finish(started: ProvinceRedrive): Promise<ProvinceRedrive> {
    const { province, queueName, log } = this;
    if (this.dlqArn === undefined) throw new Error('finish() before start()');
    const task = await this.waitForTask(this.dlqArn, started.taskHandle);
    const moved = task.ApproximateNumberOfMessagesMoved ?? 0;
    if (task.Status === 'COMPLETED') {
      log(`province ${province}: COMPLETED, ${moved} message(s) moved back to ${queueName}`);
      return { ...started, outcome: 'completed', moved };
    }
    const error = `move task ${task.Status}${task.FailureReason ? `: ${task.FailureReason}` : ''}`;
    log(`province ${province}: ${error} (${moved} message(s) moved back to ${queueName})`);
    return { ...started, outcome: 'failed', moved, error };
  }

  private alreadyRunning(messages: number, task: ListMessageMoveTasksResultEntry): ProvinceRedrive {
    const moved = task.ApproximateNumberOfMessagesMoved;
    const progress = moved !== undefined ? `, ${moved}/${task.ApproximateNumberOfMessagesToMove ?? '?'} moved` : '';
    this.log(
      `province ${this.province}: a move task is already running for ${this.dlqName}` +
        `${task.TaskHandle ? ` (task handle ${task.TaskHandle}${progress})` : ''}; not starting another`,
    );
    return {
      ...this.names,
      outcome: 'already-running',
      messages,
      ...(task.TaskHandle !== undefined ? { taskHandle: task.TaskHandle } : {}),
      ...(moved !== undefined ? { moved } : {}),
    };
  }

  private async waitForTask(dlqArn: string, handle: string | undefined): Promise<ListMessageMoveTasksResultEntry> {
    let interval = this.options.pollIntervalMs ?? 200;
    let lastMoved: number | undefined;
    for (;;) {
      await sleep(interval);
      interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
      const { Results = [] } = await this.sqs.send(
        new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }),
      );
      // Only a running task carries its handle; once it has ended, ours is the newest (one runs at a time).
      const task = Results.find((t) => handle !== undefined && t.TaskHandle === handle) ?? Results[0];
      if (task === undefined) throw new Error(`ListMessageMoveTasks does not list the move task of ${this.dlqName}`);
      if (TERMINAL_STATUSES.has(task.Status ?? '')) return task;
      const moved = task.ApproximateNumberOfMessagesMoved ?? 0;
      if (lastMoved !== undefined && moved !== lastMoved) {
        this.log(`province ${this.province}: ${moved}/${task.ApproximateNumberOfMessagesToMove ?? '?'} moved…`);
      }
      lastMoved = moved;
    }
  }

  private async queueUrl(name: string): Promise<string> {
    try {
      const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (QueueUrl === undefined) throw new Error(`SQS returned no URL for ${name}`);
      return QueueUrl;
    } catch (error) {
      throw error instanceof QueueDoesNotExist ? new MissingQueueError(name, error) : error;
    }
  }

  private async runningTask(dlqArn: string): Promise<ListMessageMoveTasksResultEntry | undefined> {
    const { Results = [] } = await this.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }));
    return Results.find((t) => t.Status === 'RUNNING');
  }
}

// ------------------------------------------------------------------------------------------------ CLI

const USAGE = `Usage: npm run dlq:redrive -- --province CODES [--endpoint URL | --aws] [--rate N] [--dry-run] [--wait]
  --province  province code(s): 01, a comma list such as 01,79, or "all"
  --endpoint  SQS endpoint (default AWS_ENDPOINT_URL_SQS, else http://127.0.0.1:\${AWS_PORT:-4566}, the local cloud)
  --aws       use real SQS with the ambient AWS credentials and region instead of an endpoint
  --rate      move at most N messages per second (1-${MAX_REDRIVE_RATE}); default: as fast as SQS moves them
  --dry-run   only report how many messages each dead-letter queue holds
  --wait      wait until each move task has finished and report how many messages moved
Exit codes: 0 done (also when a move task was already running), 1 a queue is missing, a move task failed
or SQS could not be reached, 2 bad arguments.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const values = (() => {
    try {
      return parseArgs({
        options: {
          province: { type: 'string' },
          endpoint: { type: 'string' },
          aws: { type: 'boolean', default: false },
          rate: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
          wait: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (error) {
      return fail((error as Error).message);
    }
  })();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.province === undefined || values.province.trim() === '') fail('--province is required.');
  const provinces = (() => {
    try {
      return parseProvinceList(values.province);
    } catch (error) {
      return fail((error as Error).message);
    }
  })();
  if (values.aws && values.endpoint !== undefined) fail('Give either --endpoint or --aws, not both.');
  let rate: number | undefined;
  if (values.rate !== undefined) {
    rate = Number(values.rate);
    if (!/^\d+$/.test(values.rate) || rate < 1 || rate > MAX_REDRIVE_RATE) {
      fail(`--rate must be a whole number of messages per second from 1 to ${MAX_REDRIVE_RATE}; got "${values.rate}".`);
    }
  }
  const endpoint = values.aws
    ? undefined
    : (values.endpoint ?? (process.env.AWS_ENDPOINT_URL_SQS || `http://127.0.0.1:${process.env.AWS_PORT || 4566}`));
  if (endpoint !== undefined && (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))) {
    fail(`--endpoint must be an http(s) URL such as http://127.0.0.1:4566; got "${endpoint}".`);
  }

  const sqs =
    endpoint === undefined
      ? new SQSClient({}) // the SDK's own endpoint, credentials and region resolution
      : new SQSClient({
          endpoint,
          region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
            ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
          },
          maxAttempts: 2,
        });
  const target = endpoint ?? 'AWS';
  const dryRun = values['dry-run'];
  console.log(
    `${dryRun ? 'Checking' : 'Redriving'} the intake dead-letter queues of ${plural(provinces.length, 'province')} at ${target}…`,
  );
  try {
    const summaries = await redriveDeadLetters({
      sqs,
      provinces,
      dryRun,
      wait: values.wait,
      ...(rate !== undefined ? { rate } : {}),
      log: (line) => console.log(line),
    });
    const total = (outcomes: RedriveOutcome[]) =>
      summaries.filter((s) => outcomes.includes(s.outcome)).reduce((sum, s) => sum + s.messages, 0);
    const problems = summaries.filter((s) => s.outcome === 'missing-queue' || s.outcome === 'failed');
    if (dryRun) {
      console.log(`Dry run: ${total(['dry-run'])} message(s) in the dead-letter queues; nothing moved.`);
    } else if (values.wait) {
      const moved = summaries.reduce(
        (sum, s) => sum + (s.outcome === 'completed' || s.outcome === 'failed' ? (s.moved ?? 0) : 0),
        0,
      );
      console.log(`Done: ${moved} message(s) moved back to the intake queues.`);
    } else {
      const started = summaries.filter((s) => s.outcome === 'started').length;
      if (started === 0) console.log('Nothing moved.');
      else
        console.log(
          `Started ${plural(started, 'move task')} for ${total(['started'])} message(s); ` +
            'add --wait to follow them, or --dry-run later to check the dead-letter queues.',
        );
    }
    if (summaries.some((s) => s.outcome === 'already-running')) {
      console.log('Some dead-letter queues already had a move task running: run again once it has finished.');
    }
    if (problems.length > 0) {
      console.error(
        `Failed for ${plural(problems.length, 'province')}: ${problems.map((p) => `${p.province} (${p.error})`).join('; ')}`,
      );
      process.exitCode = 1;
    }
  } catch (error) {
    const hint =
      endpoint === undefined
        ? 'Check the AWS credentials and region (AWS_PROFILE, AWS_REGION) and the permissions sqs:GetQueueUrl, sqs:GetQueueAttributes, sqs:StartMessageMoveTask, sqs:ListMessageMoveTasks.'
        : `Is the local cloud running at ${endpoint}? Start it with "npm start", or pass --endpoint URL or --aws.`;
    console.error(`Could not redrive the dead letters: ${(error as Error).message}\n${hint}`);
    process.exitCode = 1;
  } finally {
    sqs.destroy();
  }
}

// `import.meta.main` is Node 24's; the comparison covers an older `node` picked up from PATH.
if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) await main();
