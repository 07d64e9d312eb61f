/**
 * The platform's tables, part of the topology (infra/topology.ts re-exports all of it). In a module of their own so
 * that a handler needing only the table list (the health check) does not load the rest of the topology: the service
 * catalogue it derives the service functions from, the routes, the workflows.
 */
export type AttributeType = 'S' | 'N';

export interface KeySpec {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  /**
   * The non-key attributes the index copies: INCLUDE these, or KEYS_ONLY if none (the table's and the index's keys
   * are always there). Absent: every attribute (ALL). An index with ALL writes its copy again whenever any attribute
   * of an item in it changes (a write unit per KB, each time); a narrower one only when its keys or a projected
   * attribute do.
   */
  readonly projection?: readonly string[];
}

export interface TableSpec {
  /** Logical name: the construct ID in CDK and the table name in DynamoDB Local. A contract: renaming replaces it. */
  readonly id: string;
  /** Environment variable through which handlers receive the table's name. */
  readonly envVar: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly globalIndexes: readonly IndexSpec[];
  /** Change stream, only where a consumer needs it (see docs/data-model.md). */
  readonly stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE';
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  readonly timeToLiveAttribute?: string;
  /**
   * Nothing in the platform deletes this table's items: every function bound to it is explicitly denied DeleteItem
   * and BatchWriteItem (the one request that can delete without DeleteItem), whatever else it is granted.
   */
  readonly itemsNeverDeleted?: boolean;
}

const S = (name: string): KeySpec => ({ name, type: 'S' });

/** Citizens, households, parent→child links, change history, statistics aggregates, PIN serial counters. */
export const POPULATION_TABLE: TableSpec = {
  id: 'Population',
  envVar: 'POPULATION_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  // Keys only: the members' records are read by key (PopulationReader.listHouseholdMembers), so a change of a record
  // that keeps its household writes nothing to the index (it wrote the whole record again, about 1 WRU a change, with
  // ALL). A deployed table changes an index's projection by a new index under another name (CloudFormation cannot
  // update a projection in place).
  globalIndexes: [{ name: 'household', partitionKey: S('householdPk'), sortKey: S('householdSk'), projection: [] }],
  // The life-event feed publishes each new history item (infra/feed-topology.ts).
  stream: 'NEW_IMAGE',
  // The population registry keeps its records (a death, a move, a correction changes a record; none is erased), and
  // a citizen's record is the issuance record of their PIN: a PIN is given only where no record exists
  // (PopulationStore.createWithIssuedPin), so a deleted record would free its PIN to be issued again.
  itemsNeverDeleted: true,
};

/**
 * Dossiers of public services, their steps and timelines, issued documents. The dossier itself is the intake
 * outbox (a `submitted` dossier not yet picked up is queued again by a sweep), so the table needs no stream.
 * Sparse indexes: byInbox and byInboxDue hold only steps in an officers' inbox (by commune then due time, and by
 * due time across the province), byDue only open steps not yet flagged overdue.
 */
export const DOSSIERS_TABLE: TableSpec = {
  id: 'Dossiers',
  envVar: 'DOSSIERS_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalIndexes: [
    // Read for IDs only (the requeue sweep, payment expiry, counts): status moves rewrite a small index item.
    {
      name: 'byProvinceStatus',
      partitionKey: S('provinceStatus'),
      sortKey: S('submittedAt'),
      projection: ['id', 'requeueCount', 'nextRequeueAt'],
    },
    // The citizen's list of dossiers: the keys, written once; the list reads the dossiers themselves.
    { name: 'byApplicant', partitionKey: S('applicantPin'), sortKey: S('submittedAt'), projection: [] },
    { name: 'byInbox', partitionKey: S('inboxPk'), sortKey: S('inboxSk') },
    { name: 'byInboxDue', partitionKey: S('inboxPk'), sortKey: S('inboxDueSk') },
    { name: 'byDue', partitionKey: S('duePk'), sortKey: S('dueSk') },
  ],
};

/** Every read of personal data, hash-chained per citizen; by accessor for oversight. */
export const ACCESS_LOG_TABLE: TableSpec = {
  id: 'AccessLog',
  envVar: 'ACCESS_LOG_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalIndexes: [{ name: 'byAccessor', partitionKey: S('accessorId'), sortKey: S('at') }],
};

/**
 * e-ID accounts (citizens, officers), OIDC artifacts of the provider (sessions, grants, codes, tokens),
 * relying-party clients, consents, one-time codes and the notification outbox. Expiring items carry
 * `expiresAt` (epoch seconds) for TTL.
 */
export const IDENTITY_TABLE: TableSpec = {
  id: 'Identity',
  envVar: 'IDENTITY_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalIndexes: [
    { name: 'byUid', partitionKey: S('uid') },
    { name: 'byGrantId', partitionKey: S('grantId') },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/**
 * Payment transactions of dossiers with a fee (shared/adapters/dynamodb/payment-store.ts): every attempt of a dossier in
 * its partition; sparse index byWork holds only paid transactions whose refund is due.
 */
export const PAYMENTS_TABLE: TableSpec = {
  id: 'Payments',
  envVar: 'PAYMENTS_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalIndexes: [{ name: 'byWork', partitionKey: S('workPk'), sortKey: S('workSk') }],
};

export const TABLES = [POPULATION_TABLE, DOSSIERS_TABLE, ACCESS_LOG_TABLE, IDENTITY_TABLE, PAYMENTS_TABLE] as const;
export type TableId = (typeof TABLES)[number]['id'];
