/** Scheduled: queues again dossiers still `submitted` after intake (lost message), with back-off per dossier. */
import { requeueStalledDossiers } from '../../shared/dossiers/housekeeping.ts';
import { intakeQueue, onboardedProvinces, requeueStore } from '../../shared/lambda/dossier-deps.ts';
import { now } from '../../shared/lambda/stores.ts';

const requeue = requeueStalledDossiers({
  store: requeueStore(),
  queue: intakeQueue(),
  provinces: onboardedProvinces(),
  now,
});

export const handler = async () => requeue();
