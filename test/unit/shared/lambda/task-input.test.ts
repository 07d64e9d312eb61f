import { describe, expect, it } from 'vitest';
import { INVALID_TASK_INPUT, InvalidTaskInputError, parseTaskInput } from '../../../../shared/lambda/task-input.ts';
import * as z from '../../../../shared/validation/zod.ts';

const Input = z.object({ dossierId: z.string().check(z.minLength(3)), step: z.object({ n: z.int() }) });

describe('parseTaskInput', () => {
  it('returns what the schema parsed', () => {
    expect(parseTaskInput(Input, { dossierId: 'HS1', step: { n: 2 }, extra: true })).toEqual({
      dossierId: 'HS1',
      step: { n: 2 },
    });
  });

  it('fails with the name the state machines do not retry, naming every problem with its path', () => {
    let caught: unknown;
    try {
      parseTaskInput(Input, { dossierId: 'H', step: { n: 'two' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTaskInputError);
    // Lambda reports `name` as the error type, which Step Functions matches in Retry and Catch.
    expect((caught as Error).name).toBe(INVALID_TASK_INPUT);
    expect((caught as Error).message).toMatch(/^The task input is not valid: dossierId: .+; step\.n: .+$/);
  });

  it('names the input itself when it is not an object at all', () => {
    expect(() => parseTaskInput(Input, 'HS1')).toThrow(/^The task input is not valid: \(input\): /);
  });
});
