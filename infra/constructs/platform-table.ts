import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { KeySpec, TableSpec } from '../topology.ts';
import type { TableBinding } from './platform-function.ts';

export interface PlatformTableProps {
  /** The table's declaration in the topology: keys, global indexes, stream and expiry attribute. */
  readonly spec: TableSpec;
  /** Customer-managed key that encrypts the table, its indexes, backups and stream. */
  readonly encryptionKey: kms.IKey;
  /**
   * Physical table name. A named table cannot be replaced by an update: a change that would replace it (its keys)
   * fails instead of creating an empty table.
   * @default - a name CloudFormation generates
   */
  readonly tableName?: string;
  /**
   * What CloudFormation does with the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Days of continuous backups point-in-time recovery keeps (1 to 35).
   * @default 35
   */
  readonly recoveryPeriodInDays?: number;
}

const attribute = (key: KeySpec): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

const STREAM_VIEW: Record<NonNullable<TableSpec['stream']>, dynamodb.StreamViewType> = {
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
};

/**
 * A stateful platform table: on-demand, point-in-time recovery, deletion protection, retained on removal,
 * encrypted with a customer-managed key, with the keys, global indexes (all attributes projected), stream
 * and time to live its spec declares. Give it the spec ID as construct ID: renaming that replaces the table.
 *
 * `TableV2` (AWS::DynamoDB::GlobalTable) rather than `Table`: it is the construct AWS recommends for new
 * tables, and a replica in a second region (disaster recovery of the national registry) can be added later
 * without replacing the table. A global table with more than one replica needs a stream on every table.
 */
export class PlatformTable extends dynamodb.TableV2 {
  public readonly spec: TableSpec;
  /** The table and the environment variable that carries its name to handlers. */
  public readonly binding: TableBinding;

  constructor(scope: Construct, id: string, props: PlatformTableProps) {
    super(scope, id, {
      tableName: props.tableName,
      partitionKey: attribute(props.spec.partitionKey),
      sortKey: props.spec.sortKey ? attribute(props.spec.sortKey) : undefined,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(props.encryptionKey),
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: props.recoveryPeriodInDays ?? 35,
      },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      dynamoStream: props.spec.stream ? STREAM_VIEW[props.spec.stream] : undefined,
      timeToLiveAttribute: props.spec.timeToLiveAttribute,
      globalSecondaryIndexes: props.spec.globalIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        ...(index.projection === undefined
          ? { projectionType: dynamodb.ProjectionType.ALL }
          : index.projection.length === 0
            ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
            : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
      })),
    });
    this.spec = props.spec;
    this.binding = {
      table: this,
      envVar: props.spec.envVar,
      indexed: props.spec.globalIndexes.length > 0,
      ...(props.spec.itemsNeverDeleted ? { itemsNeverDeleted: true } : {}),
    };
  }
}
