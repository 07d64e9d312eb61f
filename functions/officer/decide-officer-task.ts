import * as z from 'zod';
import { decideOfficerTask } from '../../shared/dossiers/officer-tasks.ts';
import { runStepDeps } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';

const decideTask = decideOfficerTask(runStepDeps());

const Body = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().max(1000).optional(),
});

/** POST /v1/officer/tasks/{taskId}/decision: approve, or reject with a reason the citizen reads. */
export const handler = httpHandler({ query: z.strictObject({}), body: Body }, ({ principal, pathParameters, body }) =>
  decideTask(principal, pathParameters.taskId ?? '', body),
);
