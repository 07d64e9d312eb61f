/**
 * The local cloud's AWS endpoint: one HTTP server on a loopback address that speaks the AWS JSON 1.0
 * protocol (`POST /`, `X-Amz-Target: AmazonSQS.<Operation>` or `AWSStepFunctions.<Operation>`) for the
 * SQS and Step Functions operations the platform uses, so the real AWS SDK v3 clients and the AWS CLI work
 * against it with `endpoint` / `--endpoint-url`. Signatures are not verified (any credentials work).
 *
 * With `dataDir`, queues, messages, state machines and executions (history and task tokens included)
 * survive a restart, and executions that were running resume (see persistence.ts and sfn-execution.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBodyWithin, refuseBody } from '../request-body.ts';
import { AwsServiceError, errorResponse, isObject } from './aws-json-protocol.ts';
import { type JournalEntry, JournalStore } from './persistence.ts';
import { isHealthCheck, isQueryProtocol, signingService } from './request-kind.ts';
import { LocalS3Service } from './s3-service.ts';
import { statesTimeoutErrorClass } from './sfn-execution.ts';
import { StepFunctionsService, type StepFunctionsSnapshot } from './sfn-service.ts';
import { SqsService, type SqsSnapshot } from './sqs-service.ts';

export interface LocalAwsEndpointOptions {
  /** Default 4566; 0 picks a free port. */
  readonly port?: number;
  /** A loopback address; default 127.0.0.1. */
  readonly host?: string;
  /** Default ap-southeast-1. */
  readonly region?: string;
  /** Default 000000000000. */
  readonly accountId?: string;
  /** Folder for the snapshot and journal; undefined keeps everything in memory. */
  readonly dataDir?: string;
  /**
   * Runs a Lambda function locally for a Task state: resolves with its result, rejects with its error (the
   * error's `name`, or an `errorType` property, is the Step Functions error name).
   */
  readonly invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Further services on the same endpoint, by X-Amz-Target prefix (e.g. `AWSEvents`: the local EventBridge bus). */
  readonly services?: Readonly<Record<string, ExtraService>>;
  /** S3 in its REST protocol (path-style) for requests without X-Amz-Target (see s3-service.ts). */
  readonly s3?: LocalS3Service;
}

/** A service served beside SQS and Step Functions (AWS JSON protocol, `X-Amz-Target: <prefix>.<Operation>`). */
export interface ExtraService {
  /** Answers one operation; throws AwsServiceError for AWS-shaped errors. */
  handle(operation: string, input: Record<string, unknown>): Promise<unknown>;
}

export interface LocalAwsEndpoint {
  /** `http://<host>:<port>`, to pass as `endpoint` to SDK clients or `--endpoint-url` to the AWS CLI. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  /** The SQS service, for in-process use (queue URLs and ARNs). */
  readonly sqs: SqsService;
  /** The Step Functions service, for in-process use. */
  readonly stepFunctions: StepFunctionsService;
  /**
   * Stops the server. Running executions are left RUNNING in the data folder (they resume on the next
   * start); pending long polls answer with no messages.
   */
  close(): Promise<void>;
}

interface Snapshot {
  version: 1;
  sqs: SqsSnapshot;
  sfn: StepFunctionsSnapshot;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/** Starts the local AWS endpoint (SQS and Step Functions) and resolves once it listens. */
export async function startLocalAwsEndpoint(options: LocalAwsEndpointOptions): Promise<LocalAwsEndpoint> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) throw new Error(`The local AWS endpoint listens on loopback addresses only, not ${host}.`);
  const region = options.region ?? 'ap-southeast-1';
  const accountId = options.accountId ?? '000000000000';
  const store = new JournalStore(options.dataDir);
  const { snapshot, entries } = store.load();
  let url = '';
  try {
    const statesTimeoutError = await statesTimeoutErrorClass();
    const sqs = new SqsService({ region, accountId, baseUrl: () => url, log: store });
    const stepFunctions = new StepFunctionsService({
      region,
      accountId,
      log: store,
      sqs,
      invokeFunction: options.invokeFunction,
      statesTimeoutError,
    });
    const saved = snapshot as Snapshot | undefined;
    const of = (prefix: string): JournalEntry[] => entries.filter((e) => e.t.startsWith(prefix));
    sqs.restore(saved?.sqs, of('sqs.'));
    stepFunctions.restore(saved?.sfn, of('sfn.'));
    store.open((): Snapshot => ({ version: 1, sqs: sqs.snapshot(), sfn: stepFunctions.snapshot() }));

    const active = new Set<Promise<void>>();
    const server = createServer((req, res) => {
      const s3 = options.s3;
      const handled =
        s3 && LocalS3Service.claims(req)
          ? s3.handle(req, res)
          : isQueryProtocol(req)
            ? refuseQueryProtocol(req, res)
            : handle(req, res, sqs, stepFunctions, options.services ?? {});
      const handling = handled.finally(() => active.delete(handling));
      active.add(handling);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4566, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    stepFunctions.resumeRunning();

    let closing: Promise<void> | undefined;
    return {
      url,
      region,
      accountId,
      sqs,
      stepFunctions,
      close: () => {
        closing ??= (async () => {
          server.close();
          await stepFunctions.close();
          sqs.close();
          await Promise.race([Promise.allSettled([...active]), new Promise((resolve) => setTimeout(resolve, 2_000))]);
          server.closeAllConnections();
          store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  sqs: SqsService,
  sfn: StepFunctionsService,
  extra: Readonly<Record<string, ExtraService>>,
): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) abort.abort();
  });
  try {
    if (isHealthCheck(req)) {
      send(
        res,
        200,
        {},
        { status: 'running', services: { sqs: 'running', stepfunctions: 'running' } },
        'application/json',
      );
      return;
    }
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || typeof target !== 'string') {
      throw new AwsServiceError(
        'sqs',
        'InvalidAction',
        'This local endpoint speaks the AWS JSON 1.0 protocol only: POST / with an X-Amz-Target header (AmazonSQS.<Operation> or AWSStepFunctions.<Operation>).',
      );
    }
    const dot = target.indexOf('.');
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const extraService = Object.hasOwn(extra, prefix) ? extra[prefix] : undefined;
    const service = prefix === 'AmazonSQS' ? 'sqs' : prefix === 'AWSStepFunctions' ? 'sfn' : extraService && 'events';
    if (service === undefined || dot < 0) {
      throw new AwsServiceError(
        'sfn',
        'UnknownOperationException',
        `Unknown target ${target}: this endpoint serves AmazonSQS and AWSStepFunctions.`,
      );
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new AwsServiceError(service, 'SerializationException', 'The request body is not valid JSON.');
    }
    if (!isObject(input))
      throw new AwsServiceError(service, 'SerializationException', 'The request body must be a JSON object.');
    const output = extraService
      ? await extraService.handle(operation, input)
      : service === 'sqs'
        ? await sqs.handle(operation, input, abort.signal)
        : await sfn.handle(operation, input);
    if (!abort.signal.aborted) send(res, 200, {}, output);
  } catch (error) {
    if (res.headersSent || abort.signal.aborted) return;
    if (error instanceof BodyTooLargeError) refuseLargeBody(req, res);
    else if (error instanceof AwsServiceError) {
      const { status, headers, body } = errorResponse(error);
      send(res, status, headers, body);
    } else {
      send(
        res,
        500,
        { 'x-amzn-errortype': 'InternalFailure' },
        {
          __type: 'InternalFailure',
          message: `The local endpoint failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      );
    }
  }
}

/**
 * Answers a call in AWS's query protocol (a form POST with `Action=`, what SDKs sent SQS before its JSON protocol)
 * with an error its client can parse (the query protocol's XML) and read: it names the action, and says that SQS is
 * served here in the JSON 1.0 protocol only. Routing it to S3 answered "ListBuckets is not supported", which said
 * nothing of the kind.
 */
async function refuseQueryProtocol(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let form = new URLSearchParams();
  let tooLarge = false;
  try {
    form = new URLSearchParams((await readBody(req)).toString('utf8'));
  } catch {
    // Too large to be a real query-protocol call: the answer does not need its action, but the rest must be drained.
    tooLarge = true;
  }
  const action = form.get('Action') ?? 'This request';
  // SQS by its signature, a queue URL (`/<account>/<queue>`) or an SQS action: then the code SQS itself uses.
  const sqs = signingService(req) === 'sqs' || /^\/\d{12}\//.test(req.url ?? '') || /Queue|Message/.test(action);
  const code = sqs ? 'AWS.SimpleQueueService.UnsupportedOperation' : 'InvalidAction';
  const message =
    `${action}: this local endpoint does not speak the AWS query protocol (a form POST with Action=…). SQS, Step ` +
    'Functions and EventBridge are served in the AWS JSON 1.0 protocol only (POST / with X-Amz-Target: ' +
    'AmazonSQS.ListQueues and so on), which current AWS SDKs and the AWS CLI use; S3 in its REST protocol, path-style.';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Detail/></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  if (res.headersSent) return;
  if (tooLarge) {
    refuseBody(req, res, 400, { 'content-type': 'text/xml' }, xml);
    return;
  }
  res.writeHead(400, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

const xmlEscape = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** A request body, up to the largest the SQS and Step Functions APIs take (and then some). */
const readBody = (req: IncomingMessage): Promise<Buffer> => readBodyWithin(req, MAX_BODY_BYTES);

/** The 413 of an oversized body, answered so that the client receives it rather than a reset (request-body.ts). */
function refuseLargeBody(req: IncomingMessage, res: ServerResponse): void {
  const { status, headers, body } = errorResponse(
    new AwsServiceError(
      'sqs',
      'RequestEntityTooLarge',
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
      413,
    ),
  );
  refuseBody(
    req,
    res,
    status,
    { ...headers, 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
    JSON.stringify(body),
  );
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  contentType = 'application/x-amz-json-1.0',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}
