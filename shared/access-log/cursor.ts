/**
 * Opaque paging cursors: the position after which the next page starts, as base64url JSON. Clients pass them
 * back unchanged; a cursor that was altered or truncated is a 400 with a sentence, never a 500 or a page of
 * someone else's data (the schema fixes which key attributes a cursor may carry).
 */

import { ValidationError } from '../domain/errors.ts';
import type * as z from '../validation/zod.ts';

/** Encodes a position (e.g. the last key of a page) as a URL-safe opaque string. */
export const encodeCursor = (position: Readonly<Record<string, unknown>>): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

const invalidCursor = () =>
  new ValidationError('The paging cursor is not valid. Start again from the first page (leave out "cursor").', [
    { field: 'cursor', message: 'Pass back the "nextCursor" of the previous page exactly as it was received.' },
  ]);

/** Decodes a cursor made by `encodeCursor` and checks it against `schema`; anything else is a ValidationError. */
export const decodeCursor = <Schema extends z.ZodMiniType>(cursor: string, schema: Schema): z.infer<Schema> => {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw invalidCursor();
  const bytes = Buffer.from(cursor, 'base64url');
  // Node ignores stray trailing characters; a cursor must be exactly what encodeCursor wrote.
  if (bytes.toString('base64url') !== cursor) throw invalidCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
};

/** Page sizes: 50 unless asked, never more than 100. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** The page size to use for an optional requested limit; out-of-range values are a ValidationError. */
export const pageSize = (limit: number | undefined): number => {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`Ask for 1 to ${MAX_PAGE_SIZE} entries per page.`, [
      { field: 'limit', message: `A whole number from 1 to ${MAX_PAGE_SIZE}; ${limit} is not.` },
    ]);
  }
  return limit;
};
