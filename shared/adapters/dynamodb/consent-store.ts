/** Consents in the Identity table: pk `CONSENT#<pin>`, sk `CLIENT#<clientId>`. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Consent, ConsentSchema, type ConsentStore } from '../../consent/consents.ts';

const key = (pin: string, clientId: string) => ({ pk: `CONSENT#${pin}`, sk: `CLIENT#${clientId}` });

export class DynamoConsentStore implements ConsentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(subjectPin: string, clientId: string): Promise<Consent | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(subjectPin, clientId), ConsistentRead: true }),
    );
    return Item ? ConsentSchema.parse(Item) : undefined;
  }

  async list(subjectPin: string): Promise<Consent[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CONSENT#${subjectPin}` },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ConsentSchema.parse(item));
  }

  async put(consent: Consent): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key(consent.subjectPin, consent.clientId), ...consent } }),
    );
  }
}
