/** Scheduled: queues again every dossier still `submitted` a minute after intake (its message was lost). */
import { requeueStalledDossiers } from '../../shared/dossiers/housekeeping.ts';
import { dossierStore, intakeQueue, onboardedProvinces } from '../../shared/lambda/dossier-deps.ts';
import { now } from '../../shared/lambda/stores.ts';

const requeue = requeueStalledDossiers({
  store: dossierStore(),
  queue: intakeQueue(),
  provinces: onboardedProvinces(),
  now,
});

export const handler = async () => requeue();
