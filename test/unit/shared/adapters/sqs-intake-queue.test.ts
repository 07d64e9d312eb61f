import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsIntakeQueue } from '../../../../shared/adapters/sqs/intake-queue.ts';
import { intakeQueueName } from '../../../../shared/platform/resource-names.ts';

const sqs = mockClient(SQSClient);
const PREFIX = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/';
const queue = () => new SqsIntakeQueue(new SQSClient({ region: 'ap-southeast-1' }), PREFIX, intakeQueueName);

beforeEach(() => sqs.reset());

describe('SqsIntakeQueue.send', () => {
  it("sends the dossier ID as JSON to the province's intake queue", async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await queue().send('37', { dossierId: 'HS37-20261123-ABCDEFGHJK' });
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/p06-intake-37',
      MessageBody: '{"dossierId":"HS37-20261123-ABCDEFGHJK"}',
    });
  });

  it('lets a failed send fail (intake logs it; the sweep sends again)', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('QueueDoesNotExist'));
    await expect(queue().send('01', { dossierId: 'HS01-20261123-ABCDEFGHJK' })).rejects.toThrow('QueueDoesNotExist');
  });
});
