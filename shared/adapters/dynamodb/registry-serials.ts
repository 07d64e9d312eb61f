/**
 * Number series kept in the Population table: PIN positions per 6-digit prefix (`SERIAL#PIN#<prefix>`; the serial
 * issued at a position is its image under the keyed permutation of pin-serial-permutation.ts) and social-insurance
 * serials per province (`SERIAL#SI#<province>`). Counters move by atomic ADD, so two births registered at the same
 * moment never get the same serial. The child's record is written under its PIN only if no citizen already holds it
 * (PopulationStore.createWithIssuedPin: seeded, migrated or issued before; records are never deleted), so a PIN is
 * never issued twice.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SerialPermutation, serialPermutations } from '../../domain/pin-serial-permutation.ts';
import type { RegistrySerials } from '../../dossiers/ports.ts';
import type { PinSerialKeyStore } from '../secrets/pin-serial-key.ts';

export class DynamoRegistrySerials implements RegistrySerials {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pinSerialKey: PinSerialKeyStore,
  ) {}

  private permutations: Promise<(prefix: string) => SerialPermutation> | undefined;

  private async next(pk: string): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: 'SERIAL' },
        UpdateExpression: 'ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.last);
  }

  nextPinSerial(prefix: string): Promise<number> {
    return this.next(`SERIAL#PIN#${prefix}`);
  }

  async pinSerialAt(prefix: string, position: number): Promise<number> {
    this.permutations ??= this.pinSerialKey.load().then(serialPermutations, (error: unknown) => {
      this.permutations = undefined;
      throw error;
    });
    return (await this.permutations)(prefix).forward(position);
  }

  nextSocialInsuranceSerial(provinceCode: string): Promise<number> {
    return this.next(`SERIAL#SI#${provinceCode}`);
  }
}
