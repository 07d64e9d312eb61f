import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { PROVINCE_CODES } from '../../../shared/domain/admin-units/provinces.ts';

const hasCli = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const aws = (endpoint: string, ...args: string[]) =>
  JSON.parse(
    execFileSync('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'ap-southeast-1',
      },
      encoding: 'utf8',
    }),
  );

describe.skipIf(!hasCli)('the AWS CLI against the local cloud', () => {
  it('lists every province intake queue and its DLQ', () => {
    const { QueueUrls } = aws(inject('awsEndpoint'), 'sqs', 'list-queues', '--queue-name-prefix', 'p06-intake-');
    const names = (QueueUrls as string[]).map((u) => u.split('/').pop());
    for (const code of PROVINCE_CODES) {
      expect(names).toContain(`p06-intake-${code}`);
      expect(names).toContain(`p06-intake-${code}-dlq`);
    }
  });

  it('lists the state machines', () => {
    expect(aws(inject('awsEndpoint'), 'stepfunctions', 'list-state-machines')).toHaveProperty('stateMachines');
  });

  it('lists the tables in DynamoDB Local', () => {
    const { TableNames } = aws(inject('dynamoDbEndpoint'), 'dynamodb', 'list-tables');
    expect(TableNames).toEqual(expect.arrayContaining(['AccessLog', 'Dossiers', 'Population']));
  });
});
