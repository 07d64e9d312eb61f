import { Duration, RemovalPolicy, Stack, type StackProps, Stage, type StageProps, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { PILOT_PROVINCE_CODES, type ProvinceCode } from '../../shared/domain/admin-units/provinces.ts';
import { nagResource } from '../constructs/nag-finding.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import { parseProvinceList, provinceQueue, type Topology } from '../topology.ts';
import { addNationalStacks, addProvinceStack, type DeploymentOptions } from './platform-stacks.ts';

/**
 * Orders the onboarded provinces into deployment waves. `wavesText` such as `01,37;79,48` lists the waves in
 * order (each wave as in the `provinces` context); it must name every onboarded province exactly once. Without
 * it, the pilot provinces form the first wave and the others the second.
 */
export const planProvinceWaves = (onboarded: readonly ProvinceCode[], wavesText?: string): ProvinceCode[][] => {
  const text = (wavesText ?? '').trim();
  if (text === '') {
    const pilot = onboarded.filter((code) => PILOT_PROVINCE_CODES.includes(code));
    const rest = onboarded.filter((code) => !PILOT_PROVINCE_CODES.includes(code));
    return [pilot, rest].filter((wave) => wave.length > 0);
  }
  const waves = text
    .split(';')
    .map((wave) => wave.trim())
    .filter((wave) => wave !== '')
    .map((wave) => parseProvinceList(wave));
  const planned = waves.flat();
  const twice = planned.filter((code, index) => planned.indexOf(code) !== index);
  if (twice.length > 0) throw new Error(`Province(s) ${[...new Set(twice)].join(', ')} appear in more than one wave`);
  const unknown = planned.filter((code) => !onboarded.includes(code));
  if (unknown.length > 0) {
    throw new Error(`Province(s) ${unknown.join(', ')} are in provinceWaves but not onboarded (context provinces)`);
  }
  const missing = onboarded.filter((code) => !planned.includes(code));
  if (missing.length > 0)
    throw new Error(`Onboarded province(s) ${missing.join(', ')} are in no wave of provinceWaves`);
  return waves;
};

export interface NationalStageProps extends StageProps {
  readonly topology: Topology;
  readonly deployment: DeploymentOptions;
}

/** The national data and services stacks as one pipeline stage (data deploys first: services depends on it). */
export class NationalStage extends Stage {
  constructor(scope: Construct, id: string, props: NationalStageProps) {
    super(scope, id, props);
    addNationalStacks(this, props.topology, props.deployment);
  }
}

export interface ProvinceStageProps extends StageProps {
  readonly provinceCode: ProvinceCode;
  readonly deployment: DeploymentOptions;
}

/** One province's stack as a pipeline stage. */
export class ProvinceStage extends Stage {
  constructor(scope: Construct, id: string, props: ProvinceStageProps) {
    super(scope, id, props);
    addProvinceStack(this, provinceQueue(props.provinceCode), props.deployment);
  }
}

export interface PipelineSourceSettings {
  /** `owner/name` of the repository behind the connection. */
  readonly repository: string;
  readonly branch: string;
  /** ARN of the AWS CodeConnections (CodeStar) connection to the Git host. */
  readonly connectionArn: string;
}

export interface PipelineStackProps extends StackProps {
  readonly source: PipelineSourceSettings;
  /** The platform to deploy; its province queues are ignored in favour of `waves`. */
  readonly topology: Topology;
  /** Provinces to deploy, wave after wave, after the national stage. */
  readonly waves: readonly (readonly ProvinceCode[])[];
  /** Settings of the deployed stacks. */
  readonly deployment: DeploymentOptions;
  /**
   * CDK context the synth step passes to `cdk synth`, so that the self-mutating pipeline rebuilds itself with the
   * same provinces, waves and source.
   * @default {}
   */
  readonly synthContext?: Readonly<Record<string, string>>;
}

/**
 * CDK Pipelines: on every push, install, test and synthesize, update the pipeline itself, deploy the national
 * stage (data then services), then the provinces in waves; every wave after the first waits for a manual
 * approval, so the pilot provinces run a release before the rest of the country receives it.
 */
export class PipelineStack extends Stack {
  public readonly artifactKey: PlatformKey;
  public readonly artifactBucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;
  public readonly pipeline: pipelines.CodePipeline;
  public readonly nationalStage: NationalStage;
  public readonly waves: readonly pipelines.Wave[];

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, {
      description: 'P06 delivery pipeline: national stacks first, then provinces in waves',
      ...props,
    });
    const source = pipelines.CodePipelineSource.connection(props.source.repository, props.source.branch, {
      connectionArn: props.source.connectionArn,
    });
    const contextArgs = Object.entries(props.synthContext ?? {})
      .map(([key, value]) => `-c ${key}=${shellQuote(value)}`)
      .join(' ');

    // Access-log delivery through a bucket policy (the current default for new projects), not the legacy ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.artifactKey = new PlatformKey(this, 'ArtifactKey', {
      description: 'Encrypts the delivery pipeline artifacts',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.accessLogBucket = new s3.Bucket(this, 'ArtifactAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the artifact bucket; logging it too would only recurse.',
    });
    this.artifactBucket = new s3.Bucket(this, 'ArtifactBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.artifactKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });

    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: id,
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: this.artifactBucket,
      publishAssetsInParallel: false,
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
      },
      synth: new pipelines.ShellStep('Synth', {
        input: source,
        // npm ci installs the pinned Node 24 (package `node`) used by every later npm script.
        commands: ['npm ci', 'npm test', `npx cdk synth --quiet ${contextArgs}`.trim()],
        primaryOutputDirectory: 'cdk.out',
      }),
    });

    this.nationalStage = new NationalStage(this, 'National', {
      topology: props.topology,
      deployment: props.deployment,
      env: props.deployment.env,
    });
    this.pipeline.addStage(this.nationalStage);

    this.waves = props.waves.map((codes, index) => {
      const wave = this.pipeline.addWave(`Provinces-${index + 1}`, {
        pre:
          index === 0
            ? []
            : [
                new pipelines.ManualApprovalStep(`Approve-Provinces-${index + 1}`, {
                  comment: `Deploy provinces ${codes.join(', ')} now that the previous wave runs this release?`,
                }),
              ],
      });
      for (const provinceCode of codes) {
        wave.addStage(
          new ProvinceStage(this, `Province-${provinceCode}`, {
            provinceCode,
            deployment: props.deployment,
            env: props.deployment.env,
          }),
        );
      }
      return wave;
    });

    this.pipeline.buildPipeline();
    this.acknowledgeGeneratedPermissions();
  }

  /**
   * CDK Pipelines generates the roles of the pipeline, its source and build actions, self-mutation and asset
   * publishing. Their wildcards are acknowledged one by one, on the pipeline construct only (not on the stages it
   * deploys), so that a CDK upgrade that widens them fails the synth for review.
   */
  private acknowledgeGeneratedPermissions(): void {
    const partition = nagResource(this, this.partition);
    const region = nagResource(this, this.region);
    const account = nagResource(this, this.account);
    const acknowledge = (finding: string, reason: string): void =>
      Validations.of(this.pipeline).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });

    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      acknowledge(
        `Action::${action}`,
        'CDK grant action group on the pipeline artifact bucket and its objects only (read and write of build artifacts).',
      );
    }
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(`Action::${action}`, 'CDK grant action group on the pipeline artifact key only.');
    }
    acknowledge(
      `Resource::${nagResource(this, this.artifactBucket.bucketArn)}/*`,
      'The objects of the pipeline artifact bucket, which only this pipeline uses.',
    );
    for (const project of [this.pipeline.synthProject, this.pipeline.selfMutationProject]) {
      const name = nagResource(this, project.projectName);
      acknowledge(
        `Resource::arn:${partition}:logs:${region}:${account}:log-group:/aws/codebuild/${name}:*`,
        'The log streams of this CodeBuild project, whose names CodeBuild chooses per build.',
      );
      acknowledge(
        `Resource::arn:${partition}:codebuild:${region}:${account}:report-group/${name}-*`,
        'The test report groups of this CodeBuild project, named per report by CodeBuild.',
      );
    }
    acknowledge(
      `Resource::arn:${partition}:logs:${region}:${account}:log-group:/aws/codebuild/*`,
      'Asset publishing runs one CodeBuild project per asset, created by CDK Pipelines; the grant covers their log groups.',
    );
    acknowledge(
      `Resource::arn:${partition}:codebuild:${region}:${account}:report-group/*`,
      'Asset publishing runs one CodeBuild project per asset, created by CDK Pipelines; the grant covers their report groups.',
    );
    acknowledge(
      `Resource::arn:*:iam::${account}:role/*`,
      'Self-mutation assumes the CDK bootstrap roles only: the statement is conditioned on the aws-cdk:bootstrap-role tag.',
    );
    acknowledge(
      'Resource::*',
      'cloudformation:DescribeStacks and s3:ListBucket (self-mutation) and codebuild:StartBuild/BatchGetBuilds/StopBuild (asset publishing) as generated by CDK Pipelines.',
    );
  }
}

const shellQuote = (value: string): string =>
  /^[\w.,:/@-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
