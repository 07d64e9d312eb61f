/**
 * The wildcard resources the platform's IAM policies may grant, each with the reason it cannot be narrower.
 * `test/infra/iam-wildcards.test.ts` walks every identity policy of every synthesized stack (managed and inline
 * policies, role policies) and fails on an allowed statement whose resource contains `*` and matches no entry here:
 * a new wildcard grant has to be argued for in this file before it can ship.
 *
 * Resources are matched as cdk-nag renders them (`nagResource`): `Ref` as `<Name>`, `Fn::GetAtt` as
 * `<Resource.Attribute>`, `Fn::Join` joined. Resource policies (KMS key, SNS topic, SQS queue, S3 bucket) are not
 * walked: in a key policy `*` means "this key", and their principals are what the stacks' tests check.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { nagResource } from './constructs/nag-finding.ts';

export interface AcknowledgedWildcard {
  /** Every action of the statement must match. */
  readonly actions: RegExp;
  /** The rendered resource must match (whole string). */
  readonly resource: RegExp;
  /** A condition key the statement must carry, when the condition is what makes the wildcard acceptable. */
  readonly conditionKey?: string;
  readonly reason: string;
}

/** `arn:<AWS::Partition>:<service>:<region>:<AWS::AccountId>:`, the region being a literal or a token. */
const arn = (service: string) => `arn:<AWS::Partition>:${service}:[^:]+:<AWS::AccountId>:`;
const re = (source: string) => new RegExp(`^${source}$`);

export const ACKNOWLEDGED_WILDCARDS: readonly AcknowledgedWildcard[] = [
  {
    actions: /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)$/,
    resource: /^\*$/,
    reason: 'X-Ray accepts only "*" for sending traces and reading sampling rules (no resource-level permissions).',
  },
  {
    actions: /^(sqs:ListQueues|states:ListStateMachines)$/,
    resource: /^\*$/,
    reason: 'List actions of the health check; neither supports resource-level permissions.',
  },
  {
    actions:
      /^logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
    resource: /^\*$/,
    reason:
      'Step Functions logging (level ALL) is a vended log delivery: CloudWatch Logs accepts only "*" for these actions.',
  },
  {
    actions: /^dynamodb:[A-Za-z]+$/,
    resource: re(`${arn('dynamodb')}table/p06-[A-Za-z]+/index/\\*`),
    reason:
      "Queries the secondary indexes of one named national table, with the same access as the table; the table's indexes are a contract of the topology.",
  },
  {
    actions: /^sqs:GetQueueAttributes$/,
    resource: re(`${arn('sqs')}p06-intake-\\*`),
    reason: 'The health check reads the depth of every province intake queue and DLQ; provinces are onboarded later.',
  },
  {
    actions: /^kms:(GenerateDataKey|Decrypt)$/,
    resource: re(`${arn('kms')}key/\\*`),
    conditionKey: 'kms:ResourceAliases',
    reason:
      'Producers encrypt intake messages with the province keys, created by the province stacks: limited to keys aliased alias/p06-province-* and to use through SQS (kms:ViaService).',
  },
  {
    actions: /^states:StopExecution$/,
    resource: re(`${arn('states')}execution:p06-[A-Za-z]+:\\*`),
    reason: 'Executions of one named procedure-group state machine, which are named per dossier at run time.',
  },
  {
    actions: /^lambda:InvokeFunction$/,
    resource: /^<[A-Za-z0-9]+\.Arn>:\*$/,
    reason: "A state machine invokes its task functions' versions and aliases (CDK grants the function ARN and ARN:*).",
  },
  {
    actions: /^s3:(GetObject|PutObject)$/,
    resource: /^<AuditAnchorsBucket[0-9A-F]{8}\.Arn>\/(anchors|public-keys)\/\*$/,
    reason:
      'Audit-trail anchors are objects named per anchor under two prefixes of the one Object Lock bucket (get; put for the anchoring function), never deleted.',
  },
  // The delivery pipeline: CDK Pipelines' own grants, on the pipeline's artifacts and its build projects.
  {
    actions: /^s3:[A-Za-z*]+$/,
    resource: /^<ArtifactBucket[0-9A-F]{8}\.Arn>\/\*$/,
    reason: "Objects of the pipeline's own artifact bucket (KMS-encrypted, TLS only).",
  },
  {
    actions: /^logs:(CreateLogGroup|CreateLogStream|PutLogEvents)$/,
    resource: re(`${arn('logs')}log-group:/aws/codebuild/(<[A-Za-z0-9]+>:)?\\*`),
    reason:
      "CodeBuild writes the build logs of the pipeline's projects; the asset projects are named by CDK Pipelines.",
  },
  {
    actions: /^codebuild:(CreateReportGroup|CreateReport|UpdateReport|BatchPutTestCases|BatchPutCodeCoverages)$/,
    resource: re(`${arn('codebuild')}report-group/(<[A-Za-z0-9]+>-)?\\*`),
    reason: "Test reports of the pipeline's build projects (CDK Pipelines' default grant).",
  },
  {
    actions: /^codebuild:(BatchGetBuilds|StartBuild|StopBuild)$/,
    resource: /^\*$/,
    reason: "CDK Pipelines' asset publishing role starts the asset build projects it creates per asset.",
  },
  {
    actions: /^sts:AssumeRole$/,
    resource: /^arn:\*:iam::<AWS::AccountId>:role\/\*$/,
    conditionKey: 'iam:ResourceTag/aws-cdk:bootstrap-role',
    reason: "The pipeline's self-mutation assumes the CDK bootstrap roles only (tag aws-cdk:bootstrap-role).",
  },
  {
    actions: /^(cloudformation:DescribeStacks|s3:ListBucket)$/,
    resource: /^\*$/,
    reason: 'Self-mutation reads stack outputs and lists the bootstrap bucket (CDK Pipelines, read-only).',
  },
  {
    actions: /^s3:(GetObject\*|GetBucket\*|List\*)$/,
    resource: /^arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-[a-z0-9-]+\/\*$/,
    reason: "The portal's BucketDeployment reads the built files from the CDK bootstrap assets bucket (read-only).",
  },
  {
    actions:
      /^s3:(GetObject\*|GetBucket\*|List\*|DeleteObject\*|PutObject|PutObjectLegalHold|PutObjectRetention|PutObjectTagging|PutObjectVersionTagging|Abort\*)$/,
    resource: /^<Site[A-Za-z0-9]+\.Arn>\/\*$/,
    reason: "The portal's BucketDeployment replaces the objects of the portal's own bucket (and nothing else).",
  },
  {
    actions: /^cloudfront:(GetInvalidation|CreateInvalidation)$/,
    resource: /^\*$/,
    reason: "The portal's BucketDeployment invalidates its distribution; CloudFront invalidations need '*' there.",
  },
  {
    actions:
      /^ssm:(DeleteParameters|ListTagsForResource|GetParameters|PutParameter|AddTagsToResource|RemoveTagsFromResource)$/,
    resource: re(`${arn('ssm')}parameter/cdk/exports/([A-Za-z0-9-]+/)?\\*`),
    reason: 'CDK cross-region references (the us-east-1 WAF ACL to the portal) keep their values under /cdk/exports/.',
  },
];

export interface WildcardGrant {
  readonly stack: string;
  readonly policy: string;
  readonly actions: readonly string[];
  readonly resource: string;
  readonly conditionKeys: readonly string[];
}

interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: {
    readonly PolicyDocument?: { readonly Statement?: PolicyStatement[] };
    readonly Policies?: { readonly PolicyDocument?: { readonly Statement?: PolicyStatement[] } }[];
  };
}

/** Every allowed statement resource containing `*` in the identity policies of `stack`'s template. */
export const wildcardGrants = (
  stack: IConstruct,
  template: { readonly Resources?: Record<string, TemplateResource> },
): WildcardGrant[] => {
  const grants: WildcardGrant[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const documents =
      resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
        ? [resource.Properties?.PolicyDocument]
        : resource.Type === 'AWS::IAM::Role'
          ? (resource.Properties?.Policies ?? []).map((policy) => policy.PolicyDocument)
          : [];
    for (const statement of documents.flatMap((document) => document?.Statement ?? [])) {
      if (statement.Effect !== 'Allow') continue;
      const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((keys) => Object.keys(keys));
      for (const value of [statement.Resource].flat()) {
        const rendered = nagResource(stack, value as string);
        if (!rendered.includes('*')) continue;
        grants.push({
          stack: Stack.of(stack).stackName,
          policy: logicalId,
          actions: [statement.Action ?? []].flat(),
          resource: rendered,
          conditionKeys,
        });
      }
    }
  }
  return grants;
};

/** The entry acknowledging a grant, if any. */
export const acknowledgementOf = (
  grant: WildcardGrant,
  acknowledged: readonly AcknowledgedWildcard[] = ACKNOWLEDGED_WILDCARDS,
): AcknowledgedWildcard | undefined =>
  acknowledged.find(
    (entry) =>
      grant.actions.length > 0 &&
      grant.actions.every((action) => entry.actions.test(action)) &&
      entry.resource.test(grant.resource) &&
      (entry.conditionKey === undefined || grant.conditionKeys.includes(entry.conditionKey)),
  );
