import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface PlatformKeyProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /**
   * Alias (`alias/...`), which lets IAM policies elsewhere grant use of the key by name (`kms:ResourceAliases`).
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * What CloudFormation does with the key when it leaves the stack. A deleted key makes everything it
   * encrypted unreadable, so the key outlives the stack by default.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A symmetric customer-managed KMS key with yearly automatic rotation. IAM policies in the account govern its
 * use (the CDK default key policy); the `allow…` methods add the AWS services that encrypt with it themselves.
 */
export class PlatformKey extends kms.Key {
  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id, {
      description: props.description,
      alias: props.alias,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** Lets CloudWatch Logs encrypt and decrypt the log groups of this account and region with the key. */
  allowCloudWatchLogs(): this {
    const stack = Stack.of(this);
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    return this;
  }

  /** Lets CloudWatch alarms publish to SNS topics encrypted with the key. */
  allowCloudWatchAlarms(): this {
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return this;
  }
}
