/**
 * The input of a function that a state machine calls as a task. An input the function cannot read fails with the
 * error name `InvalidTaskInput`, which every state machine's Retry lists with no attempts: the same input would fail
 * the same way again, so the path goes at once to its Catch (the group's failure notice) instead of four retries
 * and half a minute of back-off. The execution history then says what was wrong, where zod's own error would read
 * `$ZodError`.
 */
import type * as z from '../validation/zod.ts';

export const INVALID_TASK_INPUT = 'InvalidTaskInput';

export class InvalidTaskInputError extends Error {
  override readonly name = INVALID_TASK_INPUT;
}

/** `schema.parse(event)`, failing with `InvalidTaskInput` and every problem with its path. */
export const parseTaskInput = <T>(schema: z.ZodMiniType<T>, event: unknown): T => {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);
  throw new InvalidTaskInputError(`The task input is not valid: ${problems.join('; ')}`);
};
