import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectionOf } from '../../../infra/local/tables.ts';
import { DOSSIERS_TABLE, TABLES } from '../../../infra/topology.ts';
import { synthPlatform, templateOf } from '../synth.ts';

describe('NationalDataStack', () => {
  let template: Template;
  let terminationProtection: boolean | undefined;
  beforeAll(() => {
    const { national } = synthPlatform({}, { bundle: false });
    template = templateOf(national.data);
    terminationProtection = national.data.terminationProtection;
  });

  const tableNamed = (id: string) => {
    const tables = template.findResources('AWS::DynamoDB::GlobalTable', { Properties: { TableName: `p06-${id}` } });
    const [table] = Object.values(tables) as { Properties: Record<string, unknown>; DeletionPolicy?: string }[];
    if (!table) throw new Error(`no table p06-${id}`);
    return table;
  };

  it('is termination-protected', () => {
    expect(terminationProtection).toBe(true);
  });

  it('creates exactly the topology tables', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLES.length);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
  });

  it.each(TABLES.map((spec) => [spec.id, spec] as const))('gives %s the keys and indexes of its spec', (id, spec) => {
    const table = tableNamed(id);
    const keySchema = [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
    ];
    expect(table.Properties.KeySchema).toEqual(keySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      spec.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
        Projection: projectionOf(index),
      })),
    );
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('copies into the Dossiers indexes only what their readers use, so a step does not rewrite them', () => {
    const projections = Object.fromEntries(
      (
        tableNamed('Dossiers').Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; Projection: unknown }>
      ).map((i) => [i.IndexName, i.Projection]),
    );
    expect(projections.byApplicant).toEqual({ ProjectionType: 'KEYS_ONLY' });
    expect(projections.byProvinceStatus).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['id', 'requeueCount', 'nextRequeueAt'],
    });
  });

  it('keeps only keys in the household index, so a change that keeps a household does not rewrite it', () => {
    const [household] = tableNamed('Population').Properties.GlobalSecondaryIndexes as Array<{ Projection: unknown }>;
    expect(household?.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
  });

  it.each(TABLES.map((spec) => spec.id))(
    'protects %s: PITR, deletion protection, retained, customer-managed key',
    (id) => {
      const table = tableNamed(id);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas).toEqual([
        expect.objectContaining({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
        }),
      ]);
    },
  );

  it('gives a stream only to tables whose spec declares one; Dossiers has none, being its own intake outbox', () => {
    const withStream = template.findResources('AWS::DynamoDB::GlobalTable', {
      Properties: { StreamSpecification: Match.anyValue() },
    });
    expect(
      Object.values(withStream).map((t) => (t as { Properties: { TableName: string } }).Properties.TableName),
    ).toEqual(TABLES.filter((spec) => spec.stream).map((spec) => `p06-${spec.id}`));
    expect(tableNamed(DOSSIERS_TABLE.id).Properties).not.toHaveProperty('StreamSpecification');
  });

  it("indexes the Dossiers table for officers' inboxes and deadlines", () => {
    expect(
      (tableNamed(DOSSIERS_TABLE.id).Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map(
        (index) => index.IndexName,
      ),
    ).toEqual(['byProvinceStatus', 'byApplicant', 'byInbox', 'byInboxDue', 'byDue']);
  });

  it('encrypts with one retained customer-managed key that rotates', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  it('publishes the key ARN and the ARN of each stream for other stacks, and exports nothing', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/p06/national-data/key-arn',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
    });
    const streams = TABLES.filter((spec) => spec.stream);
    for (const spec of streams) {
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: `/p06/national-data/tables/${spec.id}/stream-arn`,
      });
    }
    template.resourceCountIs('AWS::SSM::Parameter', 1 + streams.length);
    expect(template.toJSON().Outputs ?? {}).toEqual({});
  });

  it('holds nothing stateless', () => {
    const types = new Set(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type));
    expect([...types].sort()).toEqual(['AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key', 'AWS::SSM::Parameter']);
  });
});
