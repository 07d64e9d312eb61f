/** Creates the topology's tables in DynamoDB Local with the same keys, indexes and streams as in AWS. */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type Projection,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { IndexSpec, KeySpec, TableSpec } from '../topology.ts';

const keySchema = (partitionKey: KeySpec, sortKey?: KeySpec) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
];

/** An index's projection as DynamoDB takes it (see IndexSpec.projection). */
export const projectionOf = (index: IndexSpec): Projection =>
  index.projection === undefined
    ? { ProjectionType: 'ALL' }
    : index.projection.length === 0
      ? { ProjectionType: 'KEYS_ONLY' }
      : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] };

/** The CreateTable request for a table spec (also used by tests to compare with the template). */
export const createTableInput = (spec: TableSpec, tableName: string = spec.id) => {
  const attributes = new Map<string, AttributeDefinition>();
  for (const key of [
    spec.partitionKey,
    spec.sortKey,
    ...spec.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    ...(spec.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: spec.globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: projectionOf(index),
          })),
        }
      : {}),
    ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
  };
};

/**
 * Creates each missing table, and on an existing table (a restart on persisted data) each index the topology added
 * since (e.g. byInboxDue), as a CloudFormation update of the table would. Items written before carry no key of the new
 * index and stay out of it until they are written again.
 */
export const ensureTables = async (client: DynamoDBClient, specs: readonly TableSpec[]): Promise<string[]> => {
  const created: string[] = [];
  for (const spec of specs) {
    let existing: Set<string>;
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: spec.id }));
      existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => String(i.IndexName)));
      // A table created before its spec declared a stream (persisted local data) gets the stream now.
      if (spec.stream && !Table?.StreamSpecification?.StreamEnabled) {
        await client.send(
          new UpdateTableCommand({
            TableName: spec.id,
            StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
          }),
        );
      }
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(createTableInput(spec)));
      created.push(spec.id);
      continue;
    }
    const input = createTableInput(spec);
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (existing.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: spec.id,
          AttributeDefinitions: input.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
      created.push(`${spec.id}.${index.IndexName}`);
    }
  }
  return created;
};
