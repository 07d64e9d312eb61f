/**
 * The province intake consumer: one Standard execution per dossier (named after its ID). Failures are
 * reported per message (partial batch response), so one poison message does not hold back its batch; it is
 * retried until maxReceiveCount and then rests in the province DLQ (`npm run dlq:redrive`).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { runServiceDossier } from '../../shared/dossiers/service-dossier.ts';
import { startDossierWorkflow } from '../../shared/dossiers/start-workflow.ts';
import { dossierStore, runStepDeps, workflows } from '../../shared/lambda/dossier-deps.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { now } from '../../shared/lambda/stores.ts';

const processor = new BatchProcessor(EventType.SQS);
const start = startDossierWorkflow({
  store: dossierStore(),
  workflow: workflows(),
  now,
  runService: runServiceDossier(runStepDeps()),
});

const record = async (message: SQSRecord) => {
  try {
    await start(message.body);
  } catch (error) {
    logger.error('Intake message failed', { messageId: message.messageId, error: error as Error });
    throw error;
  }
};

export const handler = (event: SQSEvent) => processPartialResponse(event, record, processor);
