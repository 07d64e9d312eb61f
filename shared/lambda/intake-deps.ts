/**
 * What every intake handler (the groups, the services, record corrections) hands its submit use case. Apart from
 * dossier-deps.ts because of its logger: the Powertools module it comes from would otherwise be bundled into every
 * function that wires a DossierStore (the Step Functions tasks log through their own runtime), about 34 KB each.
 */
import { intakeDossierStore, intakeQueue, onboardedProvinces } from './dossier-deps.ts';
import { logger } from './powertools.ts';
import { now, populationReader } from './stores.ts';

export const intakeDeps = () => ({
  store: intakeDossierStore(),
  population: populationReader(),
  queue: intakeQueue(),
  now,
  onboardedProvinces: new Set(onboardedProvinces()),
  log: (message: string, error: unknown) => logger.warn(message, error as Error),
});
