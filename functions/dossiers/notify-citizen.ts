/** The last state of every path of a group: the outcome, what was cancelled, and the citizen's notification. */
import { DOSSIER_ID_PATTERN } from '../../shared/dossiers/dossier.ts';
import { finishDossier } from '../../shared/dossiers/finish-dossier.ts';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { refundRequests } from '../../shared/lambda/payment-config.ts';
import { now, populationStore } from '../../shared/lambda/stores.ts';
import { parseTaskInput } from '../../shared/lambda/task-input.ts';
import * as z from '../../shared/validation/zod.ts';

const finish = finishDossier({
  store: dossierStore(),
  population: populationStore(),
  now,
  // A refused or failed paid dossier asks for its refund (the payment sweep makes it).
  refunds: refundRequests(),
});
const Input = z.object({
  dossierId: z.string().check(z.regex(DOSSIER_ID_PATTERN)),
  outcome: z.enum(['completed', 'rejected', 'failed']),
  error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

export const handler = async (event: unknown) => finish(parseTaskInput(Input, event));
