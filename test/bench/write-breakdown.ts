/**
 * Where a dossier's DynamoDB write units go: per table, per global secondary index, per item type (table + pk/sk
 * prefix) and per function, for each metered key (a procedure group). Installed beside the meter of
 * test/bench/metering.ts on the same local cloud: every write request made inside a Lambda invocation that serves
 * one key asks DynamoDB for ReturnConsumedCapacity 'INDEXES' (per table and per index figures; the meter's totals
 * are unchanged). A transaction's items are billed as AWS bills them, 2 WRU per KB or part of it each (each item read
 * back after the write, outside the meter, for its size), where DynamoDB Local reports 2 per KB of all the table's
 * items together; each index's units are shared among the items that carry the index's partition key.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalCloud } from '../../infra/local/local-cloud.ts';
import { TABLES } from '../../infra/topology.ts';
import { documentClient } from '../../shared/adapters/aws-clients.ts';
import { BENCH_KEY_HEADER } from './metering.ts';

const READ_COMMANDS = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'TransactGetCommand']);

/** The document client's command names, whether the middleware sees them or the low-level client's. */
const COMMANDS: Record<string, string> = {
  PutItemCommand: 'PutCommand',
  UpdateItemCommand: 'UpdateCommand',
  DeleteItemCommand: 'DeleteCommand',
  TransactWriteItemsCommand: 'TransactWriteCommand',
  BatchWriteItemCommand: 'BatchWriteCommand',
  GetItemCommand: 'GetCommand',
  BatchGetItemCommand: 'BatchGetCommand',
  TransactGetItemsCommand: 'TransactGetCommand',
};

/** A key or item as the document client holds it, whether or not the request was marshalled already. */
const plain = (value: unknown): Record<string, unknown> => {
  const record = (value ?? {}) as Record<string, unknown>;
  const marshalled = Object.values(record).some(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'S' in v,
  );
  return marshalled ? unmarshall(record as never) : record;
};

export interface WriteBreakdown {
  /** Groups (dossiers) the figures are divided by. */
  dossiers: number;
  byTable: Record<string, number>;
  /** `<table>.<index>`. */
  byIndex: Record<string, number>;
  /** `<table> <pk prefix>/<sk prefix>`: table and index units of the writes of that item type. */
  byItem: Record<string, number>;
  /** Item writes and their summed size (bytes, after the write) per item type. */
  itemWrites: Record<string, { writes: number; bytes: number }>;
  byFunction: Record<string, number>;
}

export const emptyBreakdown = (): WriteBreakdown => ({
  dossiers: 0,
  byTable: {},
  byIndex: {},
  byItem: {},
  itemWrites: {},
  byFunction: {},
});

/** Approximate DynamoDB size of a value (UTF-8 strings, numbers by digits, 3 bytes of overhead per container). */
export const sizeOf = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + sizeOf(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + sizeOf(v), 0);
  return 3 + Object.entries(value as object).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 1 + sizeOf(v), 0);
};

/** A key's first `#` segment; a time or number (an outbox message's, a month's) stands as `<time>`. */
const prefix = (key: unknown) => {
  const first = String(key ?? '?').split('#')[0] ?? '?';
  return /^\d/.test(first) ? '<time>' : first;
};
export const itemType = (table: string, key: Record<string, unknown>): string =>
  `${table} ${prefix(key.pk)}/${prefix(key.sk)}`;

const add = (record: Record<string, number>, name: string, units: number) => {
  record[name] = (record[name] ?? 0) + units;
};

interface Written {
  readonly table: string;
  readonly key: Record<string, unknown>;
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
}

const keyOf = (table: string, raw: Record<string, unknown>): Record<string, unknown> => {
  const item = plain(raw);
  const spec = TABLES.find((t) => t.id === table);
  if (!spec) return { pk: item.pk, sk: item.sk };
  return Object.fromEntries(
    [spec.partitionKey, spec.sortKey].flatMap((k) => (k ? [[k.name, item[k.name]] as const] : [])),
  );
};

/** The items a write request touches. */
const writtenBy = (command: string, input: Record<string, unknown>): Written[] => {
  const table = String(input.TableName ?? '');
  if (command === 'PutCommand')
    return [{ table, kind: 'Put', key: keyOf(table, input.Item as Record<string, unknown>) }];
  if (command === 'UpdateCommand') return [{ table, kind: 'Update', key: plain(input.Key) }];
  if (command === 'DeleteCommand') return [{ table, kind: 'Delete', key: plain(input.Key) }];
  if (command === 'TransactWriteCommand') {
    return (input.TransactItems as Array<Record<string, Record<string, unknown>>>).flatMap((entry) =>
      Object.entries(entry).map(([kind, op]) => {
        const name = String(op.TableName ?? '');
        const key = kind === 'Put' ? keyOf(name, op.Item as Record<string, unknown>) : plain(op.Key);
        return { table: name, kind: kind as Written['kind'], key };
      }),
    );
  }
  if (command === 'BatchWriteCommand') {
    const requests = input.RequestItems as Record<string, Array<Record<string, Record<string, unknown>>>>;
    return Object.entries(requests).flatMap(([name, list]) =>
      list.map((r) =>
        r.PutRequest
          ? { table: name, kind: 'Put' as const, key: keyOf(name, r.PutRequest.Item as Record<string, unknown>) }
          : { table: name, kind: 'Delete' as const, key: plain(r.DeleteRequest?.Key) },
      ),
    );
  }
  return [];
};

interface Consumed {
  TableName?: string;
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

interface Invocation {
  readonly breakdown: WriteBreakdown;
  readonly functionId: string;
}

/**
 * Records the breakdown of every write made while serving one key. `ownerOf` names the key of a dossier (undefined:
 * not metered); a dossier it does not know yet (the intake consumer may run before the client has the 202 that names
 * it) is the key of its `group` in the Dossiers table, if that is one of `keys`. Call after `installMeter`, on the
 * same cloud.
 */
export const installWriteBreakdown = <K extends string>(
  cloud: LocalCloud,
  keys: readonly K[],
  ownerOf: (dossierId: string) => K | undefined,
): { breakdowns: Record<K, WriteBreakdown>; reset(): void } => {
  const state = {
    breakdowns: Object.fromEntries(keys.map((k) => [k, emptyBreakdown()])) as Record<K, WriteBreakdown>,
    reset() {
      state.breakdowns = Object.fromEntries(keys.map((k) => [k, emptyBreakdown()])) as Record<K, WriteBreakdown>;
    },
  };
  const known = new Set<string>(keys);
  const context = new AsyncLocalStorage<Invocation | undefined>();
  const reader = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    }),
  );
  const keyOfDossier = async (id: string): Promise<K | undefined> => {
    const owner = ownerOf(id);
    if (owner || !id) return owner;
    const { Item } = await reader.send(
      new GetCommand({ TableName: 'Dossiers', Key: { pk: `DOSSIER#${id}`, sk: 'DOSSIER' }, ConsistentRead: true }),
    );
    return known.has(String(Item?.group)) ? (Item?.group as K) : undefined;
  };
  const keyOfEvent = async (event: unknown): Promise<K | undefined> => {
    const e = (event ?? {}) as Record<string, unknown>;
    const headers = (e.headers ?? {}) as Record<string, string>;
    const header = Object.entries(headers).find(([h]) => h.toLowerCase() === BENCH_KEY_HEADER)?.[1];
    if (header) return known.has(header) ? (header as K) : undefined;
    if (typeof e.dossierId === 'string') return keyOfDossier(e.dossierId);
    if (!Array.isArray(e.Records)) return undefined;
    const owners = new Set(
      await Promise.all(
        (e.Records as Array<{ body?: unknown }>).map((r) => {
          try {
            return keyOfDossier((JSON.parse(String(r.body)) as { dossierId?: string }).dossierId ?? '');
          } catch {
            return undefined;
          }
        }),
      ),
    );
    return owners.size === 1 ? [...owners][0] : undefined;
  };
  const lambda = cloud.lambda;
  const original = lambda.invoke.bind(lambda);
  lambda.invoke = async (functionId: string, event: unknown) => {
    const key = await keyOfEvent(event);
    return context.run(key ? { breakdown: state.breakdowns[key], functionId } : undefined, () =>
      original(functionId, event),
    );
  };
  documentClient().middlewareStack.add(
    (next, ctx) => async (args) => {
      const invocation = context.getStore();
      const command = COMMANDS[ctx.commandName ?? ''] ?? ctx.commandName ?? '';
      if (!invocation || READ_COMMANDS.has(command)) return next(args);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const raw = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const consumed = Array.isArray(raw) ? raw : raw ? [raw] : [];
      const written = writtenBy(command, input);
      const items = await Promise.all(
        written.map(async (w) => {
          if (w.kind === 'Delete' || w.kind === 'ConditionCheck') return { ...w, item: undefined, size: 1024 };
          const { Item } = await reader.send(new GetCommand({ TableName: w.table, Key: w.key, ConsistentRead: true }));
          return { ...w, item: Item, size: Item ? sizeOf(Item) : 1024 };
        }),
      );
      const { breakdown } = invocation;
      for (const w of items) {
        const type = itemType(w.table, w.key);
        breakdown.itemWrites[type] ??= { writes: 0, bytes: 0 };
        const iw = breakdown.itemWrites[type];
        iw.writes += 1;
        iw.bytes += w.item ? w.size : 0;
      }
      const transaction = command === 'TransactWriteCommand';
      for (const c of consumed) {
        const table = String(c.TableName ?? '');
        const ofTable = items.filter((w) => w.table === table);
        const share = (units: number, among: typeof ofTable) => {
          const list = among.length > 0 ? among : ofTable;
          const weight = list.reduce((n, w) => n + Math.ceil(w.size / 1024), 0);
          for (const w of list)
            add(breakdown.byItem, itemType(w.table, w.key), (units * Math.ceil(w.size / 1024)) / weight);
        };
        // As AWS bills a transaction: each item written, 2 WRU per KB or part of it (see awsBilledWrite in
        // metering.ts); DynamoDB Local reports 2 per KB of the table's items together.
        const writes = ofTable.filter((w) => w.kind !== 'ConditionCheck');
        const tableUnits = transaction
          ? writes.reduce((n, w) => n + 2 * Math.ceil(w.size / 1024), 0)
          : (c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0);
        const indexUnits = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce(
          (n, i) => n + (i.CapacityUnits ?? 0),
          0,
        );
        add(breakdown.byTable, table, tableUnits);
        add(breakdown.byFunction, invocation.functionId, tableUnits + indexUnits);
        if (transaction) {
          for (const w of writes) add(breakdown.byItem, itemType(w.table, w.key), 2 * Math.ceil(w.size / 1024));
        } else {
          share(tableUnits, ofTable);
        }
        const spec = TABLES.find((t) => t.id === table);
        for (const [index, units] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
          add(breakdown.byIndex, `${table}.${index}`, units.CapacityUnits ?? 0);
          const partition = spec?.globalIndexes.find((i) => i.name === index)?.partitionKey.name ?? '';
          share(
            units.CapacityUnits ?? 0,
            ofTable.filter((w) => w.item && partition in w.item),
          );
        }
      }
      return result;
    },
    // Inside the meter's middleware (same step, added later, lower priority): its 'TOTAL' is overridden here.
    { step: 'initialize', priority: 'low', name: 'benchWriteBreakdown' },
  );
  return state;
};

/**
 * A group's write units billed item by item (its tables' and indexes'; each item sized after the write, which is its
 * larger size for items that grow or keep their size), per group; undefined before any group ran.
 */
export const billedWriteUnits = (b: WriteBreakdown): number | undefined =>
  b.dossiers > 0
    ? (Object.values(b.byTable).reduce((n, u) => n + u, 0) + Object.values(b.byIndex).reduce((n, u) => n + u, 0)) /
      b.dossiers
    : undefined;

/** Markdown lines: WRU per group by table, index, item type and function (the largest first). */
export const breakdownLines = (breakdowns: Record<string, WriteBreakdown>): string[] => {
  const groups = Object.entries(breakdowns);
  const per = (b: WriteBreakdown, units: number | undefined) => ((units ?? 0) / Math.max(1, b.dossiers)).toFixed(1);
  const table = (title: string, pick: (b: WriteBreakdown) => Record<string, number>) => {
    const names = [...new Set(groups.flatMap(([, b]) => Object.keys(pick(b))))].sort(
      (a, b) =>
        groups.reduce((n, [, g]) => n + (pick(g)[b] ?? 0) / Math.max(1, g.dossiers), 0) -
        groups.reduce((n, [, g]) => n + (pick(g)[a] ?? 0) / Math.max(1, g.dossiers), 0),
    );
    return [
      `| ${title} | ${groups.map(([g]) => `WRU per ${g}`).join(' | ')} |`,
      `|---|${groups.map(() => '---:').join('|')}|`,
      ...names.map((name) => `| ${name} | ${groups.map(([, b]) => per(b, pick(b)[name])).join(' | ')} |`),
      '',
    ];
  };
  const sizes = [...new Set(groups.flatMap(([, b]) => Object.keys(b.itemWrites)))].sort();
  return [
    ...table('Table (base table only)', (b) => b.byTable),
    ...table('Global secondary index', (b) => b.byIndex),
    ...table('Item type (table and its indexes)', (b) => b.byItem),
    ...table('Function', (b) => b.byFunction),
    `| Item type | ${groups.map(([g]) => `writes per ${g} | mean size B`).join(' | ')} |`,
    `|---|${groups.map(() => '---:|---:').join('|')}|`,
    ...sizes.map(
      (name) =>
        `| ${name} | ${groups
          .map(([, b]) => {
            const w = b.itemWrites[name];
            return w
              ? `${(w.writes / Math.max(1, b.dossiers)).toFixed(1)} | ${(w.bytes / w.writes).toFixed(0)}`
              : '- | -';
          })
          .join(' | ')} |`,
    ),
    '',
  ];
};
