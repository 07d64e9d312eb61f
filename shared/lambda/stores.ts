/**
 * The adapters handlers wire into use cases, created once per execution environment from the tables'
 * environment variables (set by CDK in AWS and by the local cloud here).
 */

import { createAccessRecorder } from '../access-log/record-access.ts';
import { documentClient, requiredEnv } from '../adapters/aws-clients.ts';
import { AccessLogStore } from '../adapters/dynamodb/access-log-store.ts';
import { DynamoConsentStore } from '../adapters/dynamodb/consent-store.ts';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store.ts';
import { PopulationReader } from '../adapters/dynamodb/population-reader.ts';
import { PopulationStore } from '../adapters/dynamodb/population-store.ts';
import { DynamoQuotaCounter } from '../adapters/dynamodb/quota-counter.ts';
import { DEFAULT_QUOTA_POLICY, enforceQuota } from '../agency/quota.ts';
import type { AccessRecorder } from '../citizen/ports.ts';
import { systemClock } from '../domain/clock.ts';

export const populationStore = () => new PopulationStore(documentClient(), requiredEnv('POPULATION_TABLE'));
/** The Population table's reads alone, for functions that never write it (a smaller bundle). */
export const populationReader = () => new PopulationReader(documentClient(), requiredEnv('POPULATION_TABLE'));
export const accessLogStore = () => new AccessLogStore(documentClient(), requiredEnv('ACCESS_LOG_TABLE'));
export const accessRecorder = (): AccessRecorder => createAccessRecorder(accessLogStore(), systemClock);
export const documentStore = () => new DynamoDocumentStore(documentClient(), requiredEnv('DOSSIERS_TABLE'));
export const consentStore = () => new DynamoConsentStore(documentClient(), requiredEnv('IDENTITY_TABLE'));
export const now = () => systemClock.now();

/** Quota enforcement for agency clients; `AGENCY_QUOTA_PER_MINUTE` overrides the default limit. */
export const agencyQuota = () =>
  enforceQuota({
    counter: new DynamoQuotaCounter(documentClient(), requiredEnv('IDENTITY_TABLE')),
    policy: {
      ...DEFAULT_QUOTA_POLICY,
      defaultPerMinute: Number(process.env.AGENCY_QUOTA_PER_MINUTE ?? DEFAULT_QUOTA_POLICY.defaultPerMinute),
    },
    now,
  });
