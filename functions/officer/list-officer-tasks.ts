import { listOfficerTasks } from '../../shared/dossiers/officer-inbox.ts';
import { AGENCIES } from '../../shared/identity/account.ts';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import * as z from '../../shared/validation/zod.ts';

const list = listOfficerTasks({ store: dossierStore() });

const Query = z.strictObject({
  agency: z.optional(z.enum(AGENCIES)),
  overdue: z.optional(z.enum(['true', 'false'])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
});

/** GET /v1/officer/tasks: steps waiting for the officer's agency in their jurisdiction, soonest due first. */
export const handler = httpHandler({ query: Query }, ({ principal, query }) =>
  list(principal, {
    ...(query.agency ? { agency: query.agency } : {}),
    ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  }),
);
