import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { Citizen } from '../../shared/domain/citizen.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A document client on the integration run's DynamoDB Local. */
export const testDocumentClient = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'ap-southeast-1', credentials }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );

/** Every citizen record, read the slow way (a full scan): the truth the statistics must agree with. */
export const scanCitizens = async (client: DynamoDBDocumentClient, tableName = 'Population'): Promise<Citizen[]> => {
  const citizens: Citizen[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#t = :citizen',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':citizen': 'citizen' },
        ExclusiveStartKey,
      }),
    );
    citizens.push(...((page.Items ?? []) as Citizen[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return citizens;
};

export const getJson = async (url: string) => {
  const response = await fetch(url);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
};
