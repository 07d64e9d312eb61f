import { Stack, type StackProps, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { TableBinding } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import { PlatformTable } from '../constructs/platform-table.ts';
import { PROJECT_PREFIX, type TableSpec } from '../topology.ts';

/** Where the data stack publishes its contract in SSM Parameter Store by default. */
export const DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX = `/${PROJECT_PREFIX}/national-data`;

/** The physical name of a national table in AWS, e.g. `p06-Population` (DynamoDB Local uses the bare ID). */
export const nationalTableName = (spec: TableSpec): string => `${PROJECT_PREFIX}-${spec.id}`;

const keyArnParameter = (prefix: string): string => `${prefix}/key-arn`;
/** The SSM parameter holding a table's stream ARN (the feed stack reads the Population stream's). */
export const tableStreamArnParameter = (prefix: string, tableId: string): string =>
  `${prefix}/tables/${tableId}/stream-arn`;

export interface NationalDataStackProps extends StackProps {
  /** The tables to create, from the topology. */
  readonly tables: readonly TableSpec[];
  /**
   * SSM Parameter Store path under which the stack publishes the ARNs other stacks need (the key, the streams).
   * @default DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX
   */
  readonly parameterPrefix?: string;
}

/**
 * The national data: the Population, Dossiers and Access-log tables and the key that encrypts them. Stateful and
 * deployed once: termination protection, and every table named, retained, deletion-protected and recoverable to
 * any second of the last 35 days. Holds nothing stateless, so it changes rarely.
 *
 * It exports no CloudFormation outputs. Other stacks find the tables by name (`nationalTableName`) and read the
 * key and stream ARNs from SSM Parameter Store when CloudFormation deploys them (`importNationalTable`), so no
 * export ever locks this stack to the services stack or to 34 province stacks.
 */
export class NationalDataStack extends Stack {
  public readonly key: PlatformKey;
  public readonly tables: ReadonlyMap<string, PlatformTable>;
  public readonly parameterPrefix: string;

  constructor(scope: Construct, id: string, props: NationalDataStackProps) {
    super(scope, id, {
      description: 'P06 national data: population, dossiers and access-log tables, and their KMS key (stateful)',
      ...props,
      terminationProtection: true,
    });
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        `${id} needs an explicit region (env.region): its customer-managed table encryption is per region`,
      );
    }
    this.parameterPrefix = props.parameterPrefix ?? DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX;
    this.key = new PlatformKey(this, 'DataKey', {
      description: 'Encrypts the national population, dossier and access-log tables, their backups and streams',
    });
    this.tables = new Map(
      props.tables.map((spec) => [
        spec.id,
        new PlatformTable(this, spec.id, { spec, encryptionKey: this.key, tableName: nationalTableName(spec) }),
      ]),
    );

    const contract = new Construct(this, 'Contract');
    new ssm.StringParameter(contract, 'KeyArn', {
      parameterName: keyArnParameter(this.parameterPrefix),
      stringValue: this.key.keyArn,
      description: 'ARN of the KMS key that encrypts the national tables',
    });
    for (const table of this.tables.values()) {
      if (!table.spec.stream || !table.tableStreamArn) continue;
      new ssm.StringParameter(contract, `${table.spec.id}StreamArn`, {
        parameterName: tableStreamArnParameter(this.parameterPrefix, table.spec.id),
        stringValue: table.tableStreamArn,
        description: `ARN of the ${table.spec.id} table's stream`,
      });
    }
  }

  /** The table with this topology ID, or a clear error naming those that exist. */
  table(id: string): PlatformTable {
    const table = this.tables.get(id);
    if (!table)
      throw new Error(`The national data stack has no table ${id} (it has ${[...this.tables.keys()].join(', ')})`);
    return table;
  }
}

/**
 * Binds to a national table from another stack: by its deterministic name, with the key ARN read from SSM
 * Parameter Store at deploy time. The importing stack must deploy after the data stack (a stack dependency or a
 * later pipeline wave).
 */
export const importNationalTable = (
  scope: Construct,
  spec: TableSpec,
  parameterPrefix: string = DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX,
): TableBinding => {
  const encryptionKey =
    (scope.node.tryFindChild('NationalDataKey') as kms.IKey | undefined) ??
    kms.Key.fromKeyArn(
      scope,
      'NationalDataKey',
      ssm.StringParameter.valueForStringParameter(scope, keyArnParameter(parameterPrefix)),
    );
  const indexed = spec.globalIndexes.length > 0;
  const table = dynamodb.TableV2.fromTableAttributes(scope, `National${spec.id}`, {
    tableName: nationalTableName(spec),
    encryptionKey,
    grantIndexPermissions: indexed,
  });
  return { table, envVar: spec.envVar, indexed, ...(spec.itemsNeverDeleted ? { itemsNeverDeleted: true } : {}) };
};
