import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize } from '../../../../shared/access-log/cursor.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import * as z from '../../../../shared/validation/zod.ts';

const Position = z.strictObject({ sk: z.string().check(z.regex(/^ENTRY#\d{12}$/)) });

describe('paging cursors', () => {
  it('give back the position they were made from', () => {
    const cursor = encodeCursor({ sk: 'ENTRY#000000000042' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, Position)).toEqual({ sk: 'ENTRY#000000000042' });
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{sk:', 'utf8').toString('base64url')],
    ['JSON of the wrong shape', encodeCursor({ sk: 'HEAD' })],
    ['a key of another partition smuggled in', encodeCursor({ pk: 'CITIZEN#001090099999', sk: 'ENTRY#000000000001' })],
    ['empty', ''],
    ['one with a character added', `${encodeCursor({ sk: 'ENTRY#000000000042' })}x`],
  ])('reject a cursor that is %s with a ValidationError on "cursor"', (_, cursor) => {
    const attempt = () => decodeCursor(cursor, Position);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/The paging cursor is not valid/);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).problems[0]?.field).toBe('cursor');
    }
  });
});

describe('pageSize', () => {
  it('is 50 unless asked and takes up to 100', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(100)).toBe(100);
  });

  it.each([0, 101, 2.5])('refuses %s entries per page', (limit) => {
    expect(() => pageSize(limit)).toThrow(ValidationError);
  });
});
