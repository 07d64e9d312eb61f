/** Issues the child's PIN and writes the child into the NPDB with the parents: once per dossier. */
import * as z from 'zod';
import { legacyProvinceCodeForBirthRegistration } from '../../shared/domain/birth-registration.ts';
import { DOSSIER_ID_PATTERN } from '../../shared/dossiers/dossier.ts';
import { runAutomaticStep } from '../../shared/dossiers/run-step.ts';
import { runStepDeps } from '../../shared/lambda/dossier-deps.ts';

const run = runAutomaticStep({ ...runStepDeps(), birthRegistrationCode: legacyProvinceCodeForBirthRegistration });
const Input = z.object({ dossierId: z.string().regex(DOSSIER_ID_PATTERN) });

export const handler = async (event: unknown) =>
  run({ dossierId: Input.parse(event).dossierId, stepId: 'IssuePersonalId' });
