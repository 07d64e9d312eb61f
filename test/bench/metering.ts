/**
 * Metering shared by the benches that run dossiers through the local cloud (procedure groups, single-agency
 * services): every Lambda invocation, DynamoDB request (with ReturnConsumedCapacity), SQS request and API request is
 * attributed to the key (a group, a service) of the dossier it served, then turned into use per dossier and US$ per
 * 1,000 dossiers with the prices of test/bench/aws-prices.ts.
 *
 * Attribution: an API request carries the header `x-bench-key` (its authorizer invocation too); a Step Functions task
 * or any event naming `dossierId` is the dossier's; an SQS batch is shared by its records' dossiers; the payment
 * gateway's IPN is the dossier of its `vnp_TxnRef`. Register dossier IDs and transaction references in `owners`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LocalCloud } from '../../infra/local/local-cloud.ts';
import { findFunction } from '../../infra/topology.ts';
import { documentClient, sqsClient } from '../../shared/adapters/aws-clients.ts';
import { emptyUsage, type Usage } from './usage-cost.ts';

export * from './usage-cost.ts';

export const BENCH_KEY_HEADER = 'x-bench-key';

/**
 * Reads, by the name the middleware sees: the low-level client's (a document client's GetCommand runs as GetItemCommand),
 * and the document client's for safety. A read counted as a write would put its read units among the write units.
 */
const READ_COMMANDS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'QueryCommand',
  'ScanCommand',
  'GetCommand',
  'BatchGetCommand',
  'TransactGetCommand',
]);

export interface ConsumedCapacity {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly Table?: { readonly CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, { readonly CapacityUnits?: number }>>;
}

/** The items of a TransactWriteItems request per table: writes (Put, Update, Delete) and condition checks. */
export const transactionItems = (input: Record<string, unknown>) => {
  const perTable = new Map<string, { writes: number; checks: number }>();
  for (const item of (input.TransactItems ?? []) as Record<string, { TableName?: string } | undefined>[]) {
    const [kind, action] = Object.entries(item).find(([, v]) => v !== undefined) ?? [];
    const table = String(action?.TableName ?? '');
    const counts = perTable.get(table) ?? { writes: 0, checks: 0 };
    if (kind === 'ConditionCheck') counts.checks += 1;
    else counts.writes += 1;
    perTable.set(table, counts);
  }
  return perTable;
};

/**
 * A write request's units as AWS bills them. DynamoDB Local reports a transaction's units per table as 2 per KB of all
 * its items of that table together; AWS bills each item: 2 WRU per KB or part of it (prepare and commit), so a
 * transaction of three 300-byte items is 6 WRU, which Local reports as 2. The table's units are therefore at least
 * 2 per item written (exact while every item is under 1 KB, as the bench's item sizes show), and a condition check
 * reads its item transactionally: 2 RRU. Index units are as reported; other writes are billed per item already.
 */
export const awsBilledWrite = (
  commandName: string,
  input: Record<string, unknown>,
  consumed: readonly ConsumedCapacity[],
): { writeUnits: number; readUnits: number } => {
  const transaction = commandName === 'TransactWriteItemsCommand' || commandName === 'TransactWriteCommand';
  const items = transaction ? transactionItems(input) : new Map<string, { writes: number; checks: number }>();
  let writeUnits = 0;
  for (const c of consumed) {
    const table = c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
    const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, i) => n + (i.CapacityUnits ?? 0), 0);
    const counts = items.get(String(c.TableName ?? ''));
    writeUnits += (counts ? Math.max(table, 2 * counts.writes) : table) + indexes;
  }
  const readUnits = [...items.values()].reduce((n, c) => n + 2 * c.checks, 0);
  return { writeUnits, readUnits };
};

export interface Meter<K extends string> {
  /** Where use is recorded now; swap in `freshUsage()` between a burst and a calm run. */
  usage: Record<K, Usage>;
  /** Dossier IDs and payment transaction references → the key they are metered under. */
  readonly owners: Map<string, K>;
  freshUsage(): Record<K, Usage>;
}

interface Owner {
  readonly usage: () => Usage | undefined;
  readonly share: number;
}

const headerOf = (event: Record<string, unknown>, name: string) => {
  const headers = event.headers as Record<string, string> | undefined;
  if (!headers) return undefined;
  const found = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return found ? headers[found] : undefined;
};

/** Whose use an event is, for one meter: the keys it names, each with its share of the invocation. */
const ownersOf = <K extends string>(meter: Meter<K>, known: ReadonlySet<string>, event: unknown): Owner[] => {
  const { owners } = meter;
  const owner = (key: K | undefined, share = 1): Owner[] => (key ? [{ usage: () => meter.usage[key], share }] : []);
  const e = (event ?? {}) as Record<string, unknown>;
  const header = headerOf(e, BENCH_KEY_HEADER);
  if (header) return known.has(header) ? owner(header as K) : [];
  if (typeof e.dossierId === 'string') return owner(owners.get(e.dossierId));
  const txnRef = (e.queryStringParameters as Record<string, string> | null | undefined)?.vnp_TxnRef;
  if (txnRef) return owner(owners.get(txnRef));
  if (!Array.isArray(e.Records)) return [];
  const records = e.Records as Array<{ body?: unknown }>;
  return records.flatMap((r) => {
    if (typeof r.body !== 'string') return [];
    try {
      return owner(owners.get((JSON.parse(r.body) as { dossierId?: string }).dossierId ?? ''), 1 / records.length);
    } catch {
      return [];
    }
  });
};

type Attribute = (event: unknown) => Owner[];

/** The hooks are installed once per cloud; every meter installed on it is asked whose each event is. */
const hubs = new WeakMap<LocalCloud, Attribute[]>();

const installHooks = (cloud: LocalCloud): Attribute[] => {
  const attributes: Attribute[] = [];
  const context = new AsyncLocalStorage<Owner | undefined>();
  const lambda = cloud.lambda;
  const original = lambda.invoke.bind(lambda);
  lambda.invoke = async (functionId: string, event: unknown) => {
    let found = attributes.flatMap((attribute) => attribute(event));
    const e = (event ?? {}) as Record<string, unknown>;
    // An API Gateway request (not the authorizer's event, which API Gateway makes for the same request).
    const apiRequest = typeof e.httpMethod === 'string' && e.type !== 'REQUEST';
    const sqsBatch = Array.isArray(e.Records) && (e.Records as Array<{ body?: unknown }>).some((r) => 'body' in r);
    // The intake consumer often gets a dossier's message before its submitter has read the 202 naming the dossier
    // (and put it in `owners`): wait for that a moment rather than leave the consumer's writes unmetered.
    const named = sqsBatch
      ? (e.Records as Array<{ body?: unknown }>).filter((r) => /"dossierId"/.test(String(r.body)))
      : [];
    for (let waited = 0; found.length < named.length && waited < 2000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      found = attributes.flatMap((attribute) => attribute(event));
    }
    const started = performance.now();
    try {
      return await context.run(found.length === 1 ? found[0] : undefined, () => original(functionId, event));
    } finally {
      const milliseconds = performance.now() - started;
      for (const owner of found) {
        const u = owner.usage();
        if (!u) continue;
        u.functions[functionId] ??= {
          invocations: 0,
          milliseconds: 0,
          memoryMb: findFunction(functionId).memoryMb ?? 512,
        };
        const f = u.functions[functionId];
        f.invocations += owner.share;
        f.milliseconds += milliseconds * owner.share;
        // The event source's receive and batch delete, shared by the batch's records.
        if (sqsBatch) u.sqsRequests += 2 * owner.share;
        if (apiRequest) u.apiRequests += owner.share;
      }
    }
  };

  documentClient().middlewareStack.add(
    (next, ctx) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      // Counted before it is sent: a request refused by its condition still made DynamoDB work.
      const requester = context.getStore()?.usage();
      if (requester) requester.dynamoDbRequests += 1;
      const result = await next(args);
      const u = context.getStore()?.usage();
      if (u) {
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as ConsumedCapacity[];
        if (READ_COMMANDS.has(ctx.commandName ?? '')) {
          u.readUnits += list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        } else {
          const billed = awsBilledWrite(ctx.commandName ?? '', input, list);
          u.writeUnits += billed.writeUnits;
          u.readUnits += billed.readUnits;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  sqsClient().middlewareStack.add(
    (next) => async (args) => {
      const u = context.getStore()?.usage();
      if (u) u.sqsRequests += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchSqsRequests' },
  );
  return attributes;
};

/** Meters the cloud's Lambda invocations and AWS requests under `keys` (several benches may share one cloud). */
export const installMeter = <K extends string>(cloud: LocalCloud, keys: readonly K[]): Meter<K> => {
  const freshUsage = () => Object.fromEntries(keys.map((k) => [k, emptyUsage()])) as Record<K, Usage>;
  const meter: Meter<K> = { usage: freshUsage(), owners: new Map<string, K>(), freshUsage };
  const known = new Set<string>(keys);
  let attributes = hubs.get(cloud);
  if (!attributes) {
    attributes = installHooks(cloud);
    hubs.set(cloud, attributes);
  }
  attributes.push((event) => ownersOf(meter, known, event));
  return meter;
};
