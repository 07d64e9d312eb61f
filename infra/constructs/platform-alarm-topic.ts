import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface PlatformAlarmTopicProps {
  readonly displayName: string;
  /** Encrypts the topic; its policy must let CloudWatch use it (`PlatformKey.allowCloudWatchAlarms`). */
  readonly masterKey: kms.IKey;
}

/**
 * Where a stack's CloudWatch alarms notify operators: an encrypted, TLS-only SNS topic that CloudWatch alarms of
 * this account may publish to. Subscribe the on-call channel outside the stack.
 */
export class PlatformAlarmTopic extends sns.Topic {
  constructor(scope: Construct, id: string, props: PlatformAlarmTopicProps) {
    super(scope, id, { displayName: props.displayName, masterKey: props.masterKey, enforceSSL: true });
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
