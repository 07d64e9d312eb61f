/**
 * The 4xx body every route answers (built by `problem` in http.ts), as a zod schema: the OpenAPI document publishes it
 * and the portal imports the type to show each field's message on its field.
 */
import * as z from '../validation/zod.ts';

export const FieldProblemSchema = z.object({
  /** Where the problem is: `body.form.child.birthDate`, `query.province`, `path.code`, `header.Idempotency-Key`. */
  field: z.string(),
  message: z.string(),
});

export const ProblemSchema = z.object({
  message: z.string(),
  problems: z.optional(z.array(FieldProblemSchema)),
});
export type ProblemBody = z.infer<typeof ProblemSchema>;
