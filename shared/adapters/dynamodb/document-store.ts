/**
 * Issued documents in the Dossiers table: pk `DOCUMENT#<number>`, sk `DOCUMENT`; a number is never reused. A
 * confirmation asked for with an Idempotency-Key is written with the key's claim, the same `IDEMPOTENCY#<scope>#<key>`
 * item a dossier submission writes (dossier-items.ts), holding `documentNumber` instead of `dossierId`: a key means
 * one request whichever route it was sent to.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { DocumentsPort, IssuedDocument } from '../../dossiers/ports.ts';
import type { DocumentStore, OldIdConfirmation } from '../../services/confirm-old-id-number.ts';
import type { ResidenceConfirmation } from '../../services/confirm-residence.ts';
import type { IdempotencyClaim } from '../../services/issue-confirmation.ts';
import { idempotencyKey, isCancelled } from './dossier-items.ts';

const key = (number: string) => ({ pk: `DOCUMENT#${number}`, sk: 'DOCUMENT' });

export class DynamoDocumentStore implements DocumentStore, DocumentsPort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(document: OldIdConfirmation | ResidenceConfirmation): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(document.number), ...document },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConflictError(`Document number ${document.number} is already used; retry.`);
      }
      throw error;
    }
  }

  async createClaimed(
    document: OldIdConfirmation | ResidenceConfirmation,
    claim: IdempotencyClaim,
  ): Promise<{ created: true } | { created: false; claim: IdempotencyClaim }> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...idempotencyKey(claim.scope, claim.key),
                  type: 'idempotency',
                  documentNumber: claim.documentNumber,
                  fingerprint: claim.fingerprint,
                  requestId: claim.requestId,
                  at: document.issuedAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key(document.number), ...document },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const existing = await this.findClaim(claim.scope, claim.key);
      if (existing) return { created: false, claim: existing };
      throw new ConflictError(`Document number ${document.number} is already used; retry.`);
    }
  }

  /** A key claimed by a dossier has no document: its empty number and its fingerprint make it another request. */
  async findClaim(scope: string, idempotency: string): Promise<IdempotencyClaim | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(scope, idempotency), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      scope,
      key: idempotency,
      fingerprint: String(Item.fingerprint),
      documentNumber: String(Item.documentNumber ?? ''),
      requestId: String(Item.requestId ?? ''),
    };
  }

  /** Stores an issued document unless its number exists; returns the stored one (a retried step gets the same). */
  async issueOnce(document: IssuedDocument): Promise<IssuedDocument> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(document.number), ...document },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return document;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(document.number), ConsistentRead: true }),
      );
      const { pk: _pk, sk: _sk, ...stored } = Item ?? {};
      return stored as unknown as IssuedDocument;
    }
  }

  /** Marks a document revoked, once (the first revocation's time and reason are kept). */
  async exists(number: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(number), ConsistentRead: true, ProjectionExpression: 'pk' }),
    );
    return Item !== undefined;
  }

  async revoke(number: string, at: string, reason: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(number),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          UpdateExpression: 'SET revokedAt = :at, revocationReason = :reason',
          ExpressionAttributeValues: { ':at': at, ':reason': reason },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** Strongly consistent: a replay reads the document a concurrent twin has just written. */
  async get(number: string): Promise<OldIdConfirmation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(number), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...document } = Item;
    return document as OldIdConfirmation;
  }
}
