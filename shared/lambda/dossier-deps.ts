/**
 * The adapters the procedure-group handlers wire into their use cases, created once per execution environment
 * from the environment CDK (or the local cloud) sets: table names, `INTAKE_QUEUE_URL_PREFIX`,
 * `STATE_MACHINE_ARN_PREFIX`, `ONBOARDED_PROVINCES` and `AUTO_APPROVAL`.
 */
import { documentClient, requiredEnv, sfnClient, sqsClient } from '../adapters/aws-clients.ts';
import { bindParts, DossierTable } from '../adapters/dynamodb/dossier-items.ts';
import { create, findByIdempotencyKey, get } from '../adapters/dynamodb/dossier-lifecycle.ts';
import { DynamoRequeueStore } from '../adapters/dynamodb/dossier-requeue-store.ts';
import { DossierStore } from '../adapters/dynamodb/dossier-store.ts';
import { DynamoDeathAccounts } from '../adapters/dynamodb/identity-store.ts';
import { DynamoRegistrySerials } from '../adapters/dynamodb/registry-serials.ts';
import { pinSerialKeyFromEnv } from '../adapters/secrets/pin-serial-key.ts';
import { SqsIntakeQueue } from '../adapters/sqs/intake-queue.ts';
import { StepFunctionsWorkflows } from '../adapters/step-functions/workflow-engine.ts';
import { autoApproves, parseAutoApproval } from '../dossiers/auto-approval.ts';
import type { RevocationDeps } from '../dossiers/revoke-death-registration.ts';
import type { RunStepDeps } from '../dossiers/run-step.ts';
import { intakeQueueName, stateMachineName } from '../platform/resource-names.ts';
import { documentStore, now, populationStore } from './stores.ts';

export const dossierStore = () =>
  new DossierStore(documentClient(), requiredEnv('DOSSIERS_TABLE'), process.env.IDENTITY_TABLE);

/**
 * What an intake function (a group's, a service's, a record correction's) calls of the dossier store: its bundle
 * then holds the intake's writes and reads alone, not the steps', the inbox's and the resumption's (about 11 KB).
 */
export const intakeDossierStore = () =>
  bindParts(new DossierTable(documentClient(), requiredEnv('DOSSIERS_TABLE'), process.env.IDENTITY_TABLE), {
    create,
    findByIdempotencyKey,
    get,
  });

export const requeueStore = () => new DynamoRequeueStore(documentClient(), requiredEnv('DOSSIERS_TABLE'));

export const intakeQueue = () =>
  new SqsIntakeQueue(sqsClient(), requiredEnv('INTAKE_QUEUE_URL_PREFIX'), intakeQueueName);

export const workflows = () =>
  new StepFunctionsWorkflows(sfnClient(), requiredEnv('STATE_MACHINE_ARN_PREFIX'), stateMachineName);

/** Provinces whose intake queues exist (`ONBOARDED_PROVINCES`, a comma list). */
export const onboardedProvinces = (): string[] =>
  requiredEnv('ONBOARDED_PROVINCES')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** What a revocation of a death uses (no step rule runs there, so no PIN serials and no Secrets Manager client). */
export const revocationDeps = (): RevocationDeps => ({
  store: dossierStore(),
  workflow: workflows(),
  population: populationStore(),
  accounts: new DynamoDeathAccounts(documentClient(), requiredEnv('IDENTITY_TABLE')),
  documents: documentStore(),
  now,
});

export const runStepDeps = (): RunStepDeps => ({
  ...revocationDeps(),
  serials: new DynamoRegistrySerials(documentClient(), requiredEnv('POPULATION_TABLE'), pinSerialKeyFromEnv()),
  autoApproves: autoApproves(parseAutoApproval(process.env.AUTO_APPROVAL)),
});
