import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BULK_SYNC } from '../../../infra/bulk-sync-topology.ts';
import { BulkSyncStack } from '../../../infra/stacks/bulk-sync-stack.ts';
import { TABLES } from '../../../infra/topology.ts';
import { nagFindings, testApp } from '../synth.ts';

describe('BulkSyncStack', () => {
  let stack: BulkSyncStack;
  let template: Template;
  beforeAll(() => {
    const app: App = testApp({}, { bundle: false });
    stack = new BulkSyncStack(app, 'P06-BulkSync', {
      env: { account: '111111111111', region: 'ap-southeast-1' },
      bulkSync: BULK_SYNC,
      tables: TABLES,
    });
    template = Template.fromStack(stack);
  });

  it('keeps exports in a KMS-encrypted, versioned, access-logged bucket that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'sync-bucket/' }),
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
    });
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('runs the ASL with a Distributed Map reading staged records and writing its results to the bucket', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.parse(String(machine?.Properties?.DefinitionString)) as {
      States: Record<string, Record<string, unknown>>;
    };
    expect(definition.States.LinkRecords).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' } },
      ItemBatcher: { MaxItemsPerBatch: 500 },
      ToleratedFailurePercentage: 5,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' },
    });
    expect(Object.keys(machine?.Properties?.DefinitionSubstitutions ?? {}).sort()).toEqual([
      'LinkBatch',
      'PrepareExport',
      'WriteReport',
    ]);
    expect(machine?.Properties?.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('lets the map run start and manage only its own child executions', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'states:StartExecution',
            Resource: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':stateMachine:p06-bulk-sync$')])],
            },
          }),
        ]),
      },
    });
  });

  it('gives only the batch function the Population table, and the functions their declared memory', () => {
    for (const spec of BULK_SYNC.functions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
    }
    const withTable = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) =>
      JSON.stringify(f.Properties?.Environment ?? {}).includes('POPULATION_TABLE'),
    );
    expect(withTable).toHaveLength(1);
  });

  it('alarms when a run fails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 0,
    });
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});
