/**
 * The Population table adapter. Every change to a citizen is one DynamoDB transaction that writes the
 * record (optimistic version check), its change-history entry, parent→child links, the statistics
 * counters and the counts of living household members (population-counters.ts), so the public statistics
 * and the household rules are always consistent with the records. Key design: docs/data-model.md. The
 * reads, which PopulationStore extends, are in population-reader.ts.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Citizen } from '../../domain/citizen.ts';
import type { ChangeContext, CitizenChange, StoredCitizen } from '../../domain/citizen-record.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import {
  type HouseholdCheck,
  type HouseholdCountChange,
  householdCountChanges,
  withHouseholdCheck,
} from '../../domain/household-members.ts';
import type { CounterDelta } from '../../statistics/population-statistics.ts';
import { statisticsDelta } from '../../statistics/population-statistics.ts';
import { countHouseholdsFromIndex } from './household-counts.ts';
import { bumpStatisticsVersion, counterUpdates, householdCountUpdates, statisticsKey } from './population-counters.ts';
import { citizenKey, PopulationReader, statisticsVersionKey } from './population-reader.ts';

export type { ChangeContext, CitizenChange, StoredCitizen };
export { citizenKey, statisticsVersionKey };

export const childLinkKey = (parentPin: string, childPin: string) => ({
  pk: `CITIZEN#${parentPin}`,
  sk: `CHILD#${childPin}`,
});
export const claimKey = (key: string) => ({ pk: `CLAIM#${key}`, sk: 'CLAIM' });
export const householdKeys = (householdId: string, pin: string) => ({
  householdPk: `HOUSEHOLD#${householdId}`,
  householdSk: pin,
});

const profileItem = (citizen: Citizen, version: number) => ({
  ...citizenKey(citizen.pin),
  ...(citizen.householdId ? householdKeys(citizen.householdId, citizen.pin) : {}),
  type: 'citizen',
  ...citizen,
  version,
});

/**
 * Why a household's count refused a write (population-counters.ts, `householdCountUpdates`), from the count as it was
 * when its condition failed (`living`, `headPin`).
 */
const householdRefusal = (
  h: HouseholdCountChange,
  count: { readonly living?: number; readonly headPin?: string } | undefined,
): string =>
  !count
    ? `Household ${h.householdId} has no count of its members and none could be made; retry, or an operator runs ` +
      '`npm run households:backfill`. Nothing was written.'
    : h.recordedHead !== undefined && (count.headPin ?? null) !== h.recordedHead
      ? `Household ${h.householdId} registered ${count.headPin ? `${count.headPin} as its head` : 'a change of head'} ` +
        'since this was read; nothing was written, read it again and retry.'
      : h.guard === 'emptied'
        ? `Household ${h.householdId} has living members who do not move with its head (one may have just joined); ` +
          'they choose a new head first. Nothing was written.'
        : h.guard === 'exactly'
          ? `Household ${h.householdId} no longer has the ${h.living} living members the change names (someone joined, ` +
            'left or died since); nothing was written.'
          : `Household ${h.householdId} has nobody living in it any more (its members left or died); nothing was written.`;

/**
 * A household count as a cancelled transaction returns it (`ReturnValuesOnConditionCheckFailure`): in DynamoDB's
 * attribute-value form, which the document client does not convert in errors; undefined when there was none.
 */
const countIn = (item: unknown): { living?: number; headPin?: string } | undefined => {
  if (item === undefined || item === null) return undefined;
  const { living, headPin } = item as { living?: { N?: string } | number; headPin?: { S?: string } | string };
  return {
    ...(living !== undefined ? { living: typeof living === 'number' ? living : Number(living.N) } : {}),
    ...(headPin !== undefined ? { headPin: typeof headPin === 'string' ? headPin : headPin.S } : {}),
  };
};

/** A write refused only because households it moves have no count yet: they are counted, and the write made again. */
class UncountedHouseholds extends Error {
  constructor(readonly householdIds: readonly string[]) {
    super(`Households without a count: ${householdIds.join(', ')}`);
  }
}

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

/** The reads (population-reader.ts) and every write of the Population table. */
export class PopulationStore extends PopulationReader {
  /**
   * Creates a citizen; a PIN that already exists is a conflict and nothing is written. A `claim` (e.g. "the
   * birth of dossier X") is written in the same transaction and must not exist yet, so the same event never
   * creates two citizens.
   */
  async createCitizen(citizen: Citizen, change: ChangeContext, claim?: { key: string; value: string }): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: this.creationItems(citizen, change, claim) }));
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') {
        throw new ConflictError(
          claim
            ? `A citizen with PIN ${citizen.pin} already exists, or ${claim.key} was already recorded.`
            : `A citizen with PIN ${citizen.pin} already exists.`,
        );
      }
      throw error;
    }
  }

  /**
   * Creates a citizen under a PIN just issued, with the registration's claim, in one transaction: false, nothing
   * written, if a citizen already holds the PIN (seeded, migrated or issued before), so the issuer moves on to its next
   * serial; a ConflictError if the claim exists (another run of the same registration won), spending no PIN. The
   * record itself is the PIN's issuance record: a citizen's record is never deleted (a death, a move or a correction
   * changes it; nothing in the platform deletes one), so its `attribute_not_exists` condition refuses every PIN ever
   * issued, and the counter and its permutation never give a serial twice anyway. An `ISSUED_PIN#<pin>` item beside
   * it, as written before, would be the same fact twice: 2 WRU more per birth for no rule of its own.
   */
  async createWithIssuedPin(
    citizen: Citizen,
    change: ChangeContext,
    claim: { key: string; value: string },
  ): Promise<boolean> {
    try {
      // Items: the claim, the profile, then the rest (the reasons below are read by position).
      await this.client.send(new TransactWriteCommand({ TransactItems: this.creationItems(citizen, change, claim) }));
      return true;
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: readonly ({ Code?: string } | undefined)[] })
        .CancellationReasons;
      const failed = (i: number) => reasons?.[i]?.Code === 'ConditionalCheckFailed';
      if (failed(0)) throw new ConflictError(`${claim.key} was already recorded.`);
      if (failed(1)) return false;
      throw new ConflictError(`The registration of ${citizen.pin} met a concurrent change; retry.`);
    }
  }

  /** The items of a citizen's creation: the claim (first, when given), the profile, child links, history, counters. */
  private creationItems(citizen: Citizen, change: ChangeContext, claim?: { key: string; value: string }) {
    return [
      ...(claim
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...claimKey(claim.key), type: 'claim', value: claim.value, at: change.at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
      {
        Put: {
          TableName: this.tableName,
          Item: profileItem(citizen, 1),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...this.childLinks(citizen).map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      { Put: { TableName: this.tableName, Item: this.historyItem(citizen.pin, 1, change, undefined, citizen) } },
      ...householdCountUpdates(this.tableName, householdCountChanges([{ after: citizen }])),
      ...counterUpdates(this.tableName, statisticsDelta(undefined, citizen)),
    ];
  }

  /**
   * Applies `change` to a citizen if nobody changed the record since `expectedVersion` was read; the
   * history entry and statistics counters move in the same transaction.
   */
  async updateCitizen(
    before: StoredCitizen,
    after: Citizen,
    change: ChangeContext,
    household?: HouseholdCheck,
  ): Promise<StoredCitizen> {
    try {
      const [updated] = await this.updateCitizensTogether([{ before, after, change }], household);
      return updated as StoredCitizen;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // One record: say whether it is gone or which version it is at now, unless something else refused the write
      // (a household's count says why itself).
      const current = await this.getCitizen(before.pin);
      if (!current) throw new NotFoundError(`No citizen with PIN ${before.pin}.`);
      if (current.version === before.version) throw error;
      throw new ConflictError(
        `The record of ${before.pin} changed meanwhile (version ${current.version}); read it again and retry.`,
      );
    }
  }

  /**
   * Applies several citizens' changes in one transaction, each on condition of its version: all or none, with the
   * history entries and the statistics counters (merged per shard, as a transaction touches an item once).
   * `household`: what the write also holds to, or records, on a household's count (HouseholdCheck).
   */
  async updateCitizensTogether(
    changes: readonly CitizenChange[],
    household?: HouseholdCheck,
  ): Promise<StoredCitizen[]> {
    if (new Set(changes.map((c) => c.before.pin)).size !== changes.length) {
      throw new Error('updateCitizensTogether takes at most one change per citizen');
    }
    if (changes.length === 0) return [];
    try {
      return await this.writeTogether(changes, false, household);
    } catch (error) {
      if (!(error instanceof UncountedHouseholds)) throw error;
      // Households whose records predate the counts (or a bulk load that wrote none): counted now, once, then the
      // same write again. Its second refusal, whatever it is, is the answer.
      await countHouseholdsFromIndex(this.client, this.tableName, error.householdIds, (id) =>
        this.listHouseholdMembers(id),
      );
      return this.writeTogether(changes, true, household);
    }
  }

  private async writeTogether(
    changes: readonly CitizenChange[],
    final: boolean,
    household?: HouseholdCheck,
  ): Promise<StoredCitizen[]> {
    const built = changes.map((c) => this.changeItems(c));
    const households = withHouseholdCheck(householdCountChanges(changes), household);
    const items = [
      ...built.flatMap((b) => b.items),
      ...householdCountUpdates(this.tableName, households),
      ...counterUpdates(
        this.tableName,
        built.flatMap((b) => b.deltas),
      ),
    ];
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(`${changes.length} changes write ${items.length} items, more than one transaction holds.`);
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') {
        // Nothing was written either way. The items come first in the order of `changes`, a profile first in each.
        const reasons =
          (error as { CancellationReasons?: { Code?: string; Item?: unknown }[] }).CancellationReasons ?? [];
        let at = 0;
        const stale = built.flatMap((b, i) => {
          const failed = reasons[at]?.Code === 'ConditionalCheckFailed';
          at += b.items.length;
          return failed ? [changes[i]?.before.pin] : [];
        });
        if (stale.length > 0) {
          throw new ConflictError(
            `The record of ${stale.join(', ')} changed meanwhile (or is gone); read it again and retry.`,
          );
        }
        // The household counts come next, one item each (with the count as it was when its condition failed).
        const failed = households.flatMap((h, i) => {
          const reason = reasons[at + i];
          return reason?.Code === 'ConditionalCheckFailed' ? [{ h, count: countIn(reason.Item) }] : [];
        });
        // Households without a count are counted, and the write made again, even beside a count that refused it:
        // that refusal is then reported as it stands with every count in place.
        const uncounted = failed.filter((f) => !f.count).map((f) => f.h.householdId);
        if (!final && uncounted.length > 0) throw new UncountedHouseholds(uncounted);
        const refused = failed.map((f) => householdRefusal(f.h, f.count));
        throw new ConflictError(
          refused.length > 0
            ? refused.join(' ')
            : 'Another write touched the same records at the same moment; nothing was written, try again.',
        );
      }
      throw error;
    }
    return changes.map(({ before, after }) => ({ ...after, version: before.version + 1 }));
  }

  /**
   * What one change writes: the record (on condition of its version), new child links, the history item; and the
   * statistics deltas, for the caller to merge into its transaction with `counterUpdates`.
   */
  changeItems({ before, after, change }: CitizenChange) {
    if (after.pin !== before.pin) throw new Error('A PIN never changes');
    const version = before.version + 1;
    return {
      items: [
        {
          Put: {
            TableName: this.tableName,
            Item: profileItem(after, version),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        ...this.childLinks(after)
          .filter((link) => !this.childLinks(before).some((old) => old.pk === link.pk))
          .map((Item) => ({ Put: { TableName: this.tableName, Item } })),
        { Put: { TableName: this.tableName, Item: this.historyItem(after.pin, version, change, before, after) } },
      ],
      deltas: statisticsDelta(before, after),
    };
  }

  /** The value recorded under a claim (see createCitizen), if any. */
  async readClaim(key: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: claimKey(key), ConsistentRead: true }),
    );
    return Item ? String(Item.value) : undefined;
  }

  /** Change history of one citizen, oldest first. */
  async history(pin: string): Promise<Array<Record<string, unknown>>> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': `CITIZEN#${pin}`, ':h': 'HISTORY#' },
      }),
    );
    return Items ?? [];
  }

  /**
   * Bulk load for seeding and migrations: writes records (idempotent puts, no history entries, and no household counts:
   * the caller writes those for the households it loads, as the seed does with `writeHouseholdCounts`) in
   * transactions of up to 100 items, so a citizen and their child links land together. Transactions cost
   * twice the write units of BatchWriteItem in AWS but are several times faster on DynamoDB Local, where
   * each BatchWriteItem item is committed on its own. The caller applies the statistics for the whole load
   * with `applyBulkCounterDeltas` afterwards.
   */
  async putCitizensInBulk(citizens: readonly Citizen[]): Promise<void> {
    let chunk: Record<string, unknown>[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const TransactItems = chunk.map((Item) => ({ Put: { TableName: this.tableName, Item } }));
      chunk = [];
      await this.client.send(new TransactWriteCommand({ TransactItems }));
    };
    for (const citizen of citizens) {
      const items = [profileItem(citizen, 1), ...this.childLinks(citizen)];
      if (chunk.length + items.length > 100) await flush();
      chunk.push(...items);
    }
    await flush();
  }

  /**
   * Applies the counter deltas of a bulk load (too many keys for one update expression) together with
   * `extra` transaction items (e.g. a seed marker), atomically: each province's base aggregate is read,
   * summed and written back on condition that its `revision` did not move meanwhile; a concurrent bulk
   * writer makes it retry. Everyday writes go to the birth-year shards and never collide with this.
   */
  async applyBulkCounterDeltas(deltas: readonly CounterDelta[], extra: Record<string, unknown>[] = []): Promise<void> {
    const wanted = new Map<string, Map<string, number>>();
    for (const d of deltas) {
      const counters = wanted.get(d.provinceCode) ?? new Map<string, number>();
      counters.set(d.key, (counters.get(d.key) ?? 0) + d.by);
      wanted.set(d.provinceCode, counters);
    }
    for (let attempt = 1; ; attempt++) {
      const current = new Map(
        (await this.readStatisticsItems())
          .filter(({ sk }) => /^PROVINCE#\d{2}$/.test(sk))
          .map(({ sk, counters }) => [sk.slice('PROVINCE#'.length), counters]),
      );
      const puts = [...wanted.entries()].map(([provinceCode, counters]) => {
        const { revision, ...existing } = (current.get(provinceCode) ?? {}) as Record<string, number>;
        const merged: Record<string, number> = { ...existing };
        for (const [key, n] of counters) merged[key] = (merged[key] ?? 0) + n;
        return {
          Put: {
            TableName: this.tableName,
            Item: { ...statisticsKey(provinceCode), ...merged, revision: (revision ?? 0) + 1 },
            ConditionExpression: revision === undefined ? 'attribute_not_exists(pk)' : 'revision = :revision',
            ...(revision === undefined ? {} : { ExpressionAttributeValues: { ':revision': revision } }),
          },
        };
      });
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [...puts, bumpStatisticsVersion(this.tableName), ...extra] as never,
          }),
        );
        return;
      } catch (error) {
        if ((error as Error).name !== 'TransactionCanceledException' || attempt >= 5) throw error;
      }
    }
  }

  private childLinks(citizen: Citizen) {
    return [citizen.fatherPin, citizen.motherPin]
      .filter((p): p is string => Boolean(p))
      .map((parentPin) => ({
        ...childLinkKey(parentPin, citizen.pin),
        type: 'child-link',
        birthDate: citizen.birthDate,
      }));
  }

  private historyItem(
    pin: string,
    version: number,
    change: ChangeContext,
    before: Citizen | undefined,
    after: Citizen,
  ) {
    return {
      pk: `CITIZEN#${pin}`,
      sk: `HISTORY#${String(version).padStart(6, '0')}`,
      type: 'history',
      version,
      ...change,
      changed: changedFields(before, after),
      before: before ? pick(before, changedFields(before, after)) : undefined,
      // The values after the change: the stream turns this item into a life event (shared/feed/life-event.ts).
      after: pick(after, changedFields(before, after)),
    };
  }
}

const changedFields = (before: Citizen | undefined, after: Citizen): string[] => {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  keys.delete('version');
  return [...keys]
    .filter(
      (k) =>
        JSON.stringify((before as Record<string, unknown> | undefined)?.[k]) !==
        JSON.stringify((after as Record<string, unknown>)[k]),
    )
    .sort();
};

const pick = (record: Citizen, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, (record as Record<string, unknown>)[f]]));
