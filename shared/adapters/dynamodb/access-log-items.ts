/**
 * How the AccessLog table lays out a citizen's chain (docs/data-model.md): the keys of its entries, head and
 * request claims, the shape of the paging cursors that point at them, and how stored items are read back as
 * entries and heads. Pure functions, apart from the store that does the reading and writing
 * (access-log-store.ts), so the layout can be read, and used by tests and tools, in one place.
 */

import type { StoredAccessEntry } from '../../access-log/access-entry.ts';
import type { ChainHead } from '../../access-log/hash-chain.ts';
import * as z from '../../validation/zod.ts';

export const CITIZEN_PREFIX = 'CITIZEN#';
export const ENTRY_PREFIX = 'ENTRY#';
export const HEAD_SK = 'HEAD';
const REQUEST_PREFIX = 'REQUEST#';

/** The partition of one citizen's chain. */
export const accessLogPk = (pin: string) => `${CITIZEN_PREFIX}${pin}`;
/** Where entry `seq` of a citizen's chain is stored (12 digits, so keys sort in sequence order). */
export const entryKey = (pin: string, seq: number) => ({
  pk: accessLogPk(pin),
  sk: `${ENTRY_PREFIX}${String(seq).padStart(12, '0')}`,
});
/** The head item of a citizen's chain: the newest `seq` and `hash`. */
export const headKey = (pin: string) => ({ pk: accessLogPk(pin), sk: HEAD_SK });
/**
 * The claim of the `ordinal`-th entry (from 0) that request `requestId` wrote about a citizen: it holds that
 * entry's `seq`, so a retry of the request finds the entry instead of writing a second one.
 */
export const claimKey = (pin: string, requestId: string, ordinal: number) => ({
  pk: accessLogPk(pin),
  sk: `${REQUEST_PREFIX}${requestId}#${ordinal}`,
});

export const CitizenCursorSchema = z.strictObject({ sk: z.string().check(z.regex(/^ENTRY#\d{12}$/)) });
export const AccessorCursorSchema = z.strictObject({
  pk: z.string().check(z.regex(/^CITIZEN#\d{12}$/)),
  sk: z.string().check(z.regex(/^ENTRY#\d{12}$/)),
  at: z.iso.datetime({ precision: 3 }),
});

const entrySk = (seq: unknown) =>
  typeof seq === 'number' && Number.isInteger(seq) ? `${ENTRY_PREFIX}${String(seq).padStart(12, '0')}` : undefined;

const accessorIdOfUnknown = (accessor: unknown) => {
  const { type, id } = (accessor ?? {}) as { type?: unknown; id?: unknown };
  return typeof type === 'string' && typeof id === 'string' ? `${type}#${id}` : undefined;
};

/**
 * The stored entry of an item, without the storage keys. Keys that disagree with the content (an item moved
 * to another position, an index key rewritten) are kept as properties, so the entry's hash no longer matches
 * and verification reports it as changed. No schema check here: a tampered item must still be readable.
 */
export const toStoredEntry = (item: Record<string, unknown>): StoredAccessEntry => {
  const { pk: _pk, sk, accessorId, ...content } = item;
  const record: Record<string, unknown> = content;
  if (sk !== entrySk(content.seq)) record.sk = sk;
  if (accessorId !== accessorIdOfUnknown(content.accessor)) record.accessorId = accessorId;
  return record as StoredAccessEntry;
};

export const toHead = (item: Record<string, unknown> | undefined): ChainHead | undefined =>
  item ? { seq: item.seq as number, hash: item.hash as string } : undefined;

export const sameHead = (a: ChainHead | undefined, b: ChainHead | undefined) =>
  a?.seq === b?.seq && a?.hash === b?.hash;
