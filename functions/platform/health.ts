import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { TABLES } from '../../infra/tables.ts';
import { documentClient, requiredEnv, sfnClient, sqsClient } from '../../shared/adapters/aws-clients.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { checkHealth } from '../../shared/platform/check-health.ts';
import { intakeQueueName } from '../../shared/platform/resource-names.ts';
import * as z from '../../shared/validation/zod.ts';

const tableProbe = (envVar: string) => async () => {
  const { Table } = await documentClient().send(new DescribeTableCommand({ TableName: requiredEnv(envVar) }));
  if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table is ${Table?.TableStatus ?? 'missing'}`);
  return undefined;
};

const health = checkHealth({
  ...Object.fromEntries(TABLES.map((t) => [`dynamodb:${t.id}`, tableProbe(t.envVar)])),
  'sqs:provinceIntake': async () => {
    const { QueueUrls = [] } = await sqsClient().send(new ListQueuesCommand({ QueueNamePrefix: intakeQueueName('') }));
    return `${QueueUrls.filter((u) => !u.endsWith('-dlq')).length} province intake queues`;
  },
  stepFunctions: async () => {
    const { stateMachines = [] } = await sfnClient().send(new ListStateMachinesCommand({ maxResults: 100 }));
    return `${stateMachines.length} state machines`;
  },
});

export const handler = httpHandler({ query: z.object({}) }, async () => {
  const result = await health();
  return { statusCode: result.status === 'ok' ? 200 : 503, body: result };
});
