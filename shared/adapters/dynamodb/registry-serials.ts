/**
 * Number series kept in the Population table: PIN positions per 6-digit prefix (`SERIAL#PIN#<prefix>`; the serial
 * issued at a position is its image under the keyed permutation of pin-serial-permutation.ts) and social-insurance
 * serials per province (`SERIAL#SI#<province>`). Counters move by atomic ADD, so two births registered at the same
 * moment never get the same serial. The child's record is written under its PIN only if no citizen already holds it
 * (PopulationStore.createWithIssuedPin: seeded, migrated or issued before; records are never deleted), so a PIN is
 * never issued twice.
 *
 * Leases: one ADD takes a block of positions (`leaseSize`, default 10) for this execution environment, which hands
 * them out one by one, so a series costs one write per block rather than one per birth: 0.1 WRU a birth where an
 * environment spends its lease, up to 1 where every environment that serves a series ends with most of it unspent.
 * Blocks of two environments never overlap, since each is the range an atomic ADD moved the counter over. What an
 * environment has not handed out when it ends (or when an ADD's answer is lost) is skipped, never issued: at most nine
 * positions per environment and series. A PIN's serial is a keyed permutation of its position, so a gap in PINs
 * reveals nothing; a social-insurance number shows its serial as it is, so gaps there can be seen (they say nothing
 * about a person). A prefix's 999,999 positions leave room for that waste: no legacy province registers 100,000
 * births of one sex in a year. The price: when a prefix runs out, an environment can find it exhausted while another
 * still holds a few positions below the limit.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SerialPermutation, serialPermutations } from '../../domain/pin-serial-permutation.ts';
import type { RegistrySerials } from '../../dossiers/ports.ts';
import type { PinSerialKeyStore } from '../secrets/pin-serial-key.ts';

export interface RegistrySerialsOptions {
  /** Positions one ADD takes for this environment; 1 takes them one at a time. Default 10. */
  readonly leaseSize?: number;
}

/** The positions of a series this environment holds: `next` to `last`, handed out in order. */
interface Lease {
  next: number;
  readonly last: number;
}

export class DynamoRegistrySerials implements RegistrySerials {
  private readonly leaseSize: number;
  private readonly leases = new Map<string, Lease>();
  /** The ADD in flight per series: requests that find the lease spent wait for the same one. */
  private readonly taking = new Map<string, Promise<void>>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pinSerialKey: PinSerialKeyStore,
    options: RegistrySerialsOptions = {},
  ) {
    this.leaseSize = options.leaseSize ?? 10;
    if (!Number.isInteger(this.leaseSize) || this.leaseSize < 1) {
      throw new RangeError(`A lease is a whole number of positions, at least 1; got ${this.leaseSize}.`);
    }
  }

  private permutations: Promise<(prefix: string) => SerialPermutation> | undefined;

  /** The next position of the series: from this environment's lease, taking a new one when it is spent. */
  private async next(pk: string): Promise<number> {
    for (;;) {
      const lease = this.leases.get(pk);
      if (lease && lease.next <= lease.last) return lease.next++;
      await (this.taking.get(pk) ?? this.take(pk));
    }
  }

  /**
   * Takes a new lease and records the ADD in flight until it settles. `finally` runs after the promise is recorded,
   * even when the client throws before returning one, so a failed ADD never stays recorded as the one in flight.
   */
  private take(pk: string): Promise<void> {
    const taking = this.addLease(pk).finally(() => this.taking.delete(pk));
    this.taking.set(pk, taking);
    return taking;
  }

  private async addLease(pk: string): Promise<void> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: 'SERIAL' },
        UpdateExpression: 'ADD #last :size',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':size': this.leaseSize },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(Attributes?.last);
    if (!Number.isInteger(last) || last < this.leaseSize) {
      throw new Error(`The series ${pk} answered ${Attributes?.last}, not a count.`);
    }
    this.leases.set(pk, { next: last - this.leaseSize + 1, last });
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
