/**
 * Query and answer of GET /v1/admin-units/resolve, apart from the use case so that the OpenAPI builder can import
 * them without loading the legacy commune tables.
 */

import { isIsoDate } from '../domain/dates.ts';
import * as z from '../validation/zod.ts';

export const ResolveQuerySchema = z.strictObject(
  {
    legacyCode: z.string().check(z.regex(/^\d{5}$/, 'A commune code has five digits, e.g. 00061.')),
    date: z
      .optional(z.string().check(z.refine(isIsoDate, 'Use a real calendar date in the form YYYY-MM-DD.')))
      .register(z.globalRegistry, { description: 'The day the question is about; default today (Vietnam time).' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'Only the "legacyCode" and "date" parameters are accepted.' : undefined,
  },
);
export type ResolveQuery = z.infer<typeof ResolveQuerySchema>;

export const UnitSchema = z.object({
  code: z.string(),
  fullName: z.string(),
  kind: z.enum(['ward', 'commune', 'special-zone']),
  province: z.object({ code: z.string(), name: z.string() }),
  effectiveFrom: z.string(),
  effectiveUntil: z.optional(z.string()),
});

export const ResolveResponseSchema = z.object({
  date: z.string(),
  legacy: z.object({
    code: z.string(),
    fullName: z.string(),
    kind: z.enum(['ward', 'commune', 'township']),
    districtName: z.string(),
    province: z.object({ code: z.string(), name: z.string() }),
    effectiveUntil: z.string(),
  }),
  inForce: z.enum(['legacy', 'successors']),
  units: z.array(UnitSchema),
  split: z.boolean(),
  note: z.string(),
});
export type ResolveResponse = z.infer<typeof ResolveResponseSchema>;
