import * as z from 'zod';
import { listOfficerTasks } from '../../shared/dossiers/officer-inbox.ts';
import { AGENCIES } from '../../shared/identity/account.ts';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';

const list = listOfficerTasks({ store: dossierStore() });

const Query = z.strictObject({
  agency: z.enum(AGENCIES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** GET /v1/officer/tasks: steps waiting for the officer's agency in their jurisdiction, soonest due first. */
export const handler = httpHandler({ query: Query }, ({ principal, query }) =>
  list(principal, {
    ...(query.agency ? { agency: query.agency } : {}),
    ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  }),
);
