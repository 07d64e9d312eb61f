/** Scheduled: flags each step past its statutory deadline to the supervisors of its agency, once. */
import { flagOverdueSteps } from '../../shared/dossiers/housekeeping.ts';
import { dossierStore, onboardedProvinces } from '../../shared/lambda/dossier-deps.ts';
import { now } from '../../shared/lambda/stores.ts';

const flag = flagOverdueSteps({ store: dossierStore(), provinces: onboardedProvinces(), now });

export const handler = async () => flag();
