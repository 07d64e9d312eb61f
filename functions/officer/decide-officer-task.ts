import { createAccessRecorder } from '../../shared/access-log/record-access.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { decideOfficerTask } from '../../shared/dossiers/officer-tasks.ts';
import { runStepDeps } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { refundRequests } from '../../shared/lambda/payment-config.ts';
import { accessLogStore } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

// A refused service dossier that was paid is refunded (the payment sweep then calls the gateway). An approved record
// correction tells the agencies that read the old values, through the citizen's access log.
const accessLog = accessLogStore();
const decideTask = decideOfficerTask({
  ...runStepDeps(),
  refunds: refundRequests(),
  accessLog: { reader: accessLog, recorder: createAccessRecorder(accessLog, systemClock) },
});

const Body = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

/** POST /v1/officer/tasks/{taskId}/decision: approve, or reject with a reason the citizen reads. */
export const handler = httpHandler({ query: z.strictObject({}), body: Body }, ({ principal, pathParameters, body }) =>
  decideTask(principal, pathParameters.taskId ?? '', body),
);
