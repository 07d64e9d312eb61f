/**
 * The task of every human step (`.waitForTaskToken`): runs the step's checks, then approves it at once where
 * the province allows it, or puts it in the officers' inbox with the task token.
 */
import { STEP_IDS } from '../../shared/dossiers/catalogue.ts';
import { DOSSIER_ID_PATTERN } from '../../shared/dossiers/dossier.ts';
import { openHumanStep } from '../../shared/dossiers/run-step.ts';
import { runStepDeps } from '../../shared/lambda/dossier-deps.ts';
import { parseTaskInput } from '../../shared/lambda/task-input.ts';
import * as z from '../../shared/validation/zod.ts';

const open = openHumanStep(runStepDeps());
const Input = z.object({
  dossierId: z.string().check(z.regex(DOSSIER_ID_PATTERN)),
  stepId: z.enum(STEP_IDS),
  taskToken: z.string().check(z.minLength(1)),
});

export const handler = async (event: unknown) => open(parseTaskInput(Input, event));
