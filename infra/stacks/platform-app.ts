/**
 * Composes the platform into a CDK app from its context: which provinces are onboarded, the target environment,
 * API limits and, on request, the delivery pipeline. Every synthesis runs cdk-nag (AwsSolutions and Serverless
 * packs) as a validation plugin: an unacknowledged finding fails `cdk synth`.
 */
import { existsSync } from 'node:fs';
import { Annotations, type App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { ProvinceCode } from '../../shared/domain/admin-units/provinces.ts';
import { PROJECT_PREFIX, parseProvinceList, type Topology, topology } from '../topology.ts';
import type { ApiSettings } from './national-services-stack.ts';
import { PipelineStack, planProvinceWaves } from './pipeline-stack.ts';
import {
  addNationalStacks,
  addPortalStacks,
  addProvinceStack,
  type NationalStacks,
  type PortalStacks,
  STACK_NAMES,
} from './platform-stacks.ts';
import { DEFAULT_PORTAL_BUILD_DIRECTORY } from './portal-stack.ts';
import type { ProvinceStack } from './province-stack.ts';

/** Placeholders that let the pipeline synthesize offline; deploying it needs real values (see docs/infrastructure.md). */
export const PIPELINE_PLACEHOLDERS = {
  repository: 'example-org/p06-platform',
  branch: 'main',
  connectionArn: 'arn:aws:codeconnections:ap-southeast-1:111111111111:connection/00000000-0000-0000-0000-000000000000',
} as const;

export interface PlatformApp {
  readonly app: App;
  readonly provinces: readonly ProvinceCode[];
  readonly topology: Topology;
  readonly national: NationalStacks;
  readonly provinceStacks: ReadonlyMap<ProvinceCode, ProvinceStack>;
  /** Present when the context says `pipeline=true`. */
  readonly pipeline?: PipelineStack;
  /** Present when the portal's build exists (`npm run build:portal`) or context `portalBuild` names one. */
  readonly portal?: PortalStacks;
}

/** A context value as text: `-c key=value` gives strings, cdk.json may give numbers, booleans or lists. */
const contextText = (app: App, key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
};

const contextNumber = (app: App, key: string): number | undefined => {
  const text = contextText(app, key);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Context ${key} must be a positive number, not "${text}"`);
  return value;
};

/**
 * The region the platform deploys to unless context `region` says otherwise: Asia Pacific (Singapore), the full AWS
 * region nearest to Vietnam. An explicit region also keeps the stateful stack from landing wherever a developer's
 * credentials happen to point, and lets TableV2 render its customer-managed key per region.
 */
export const DEFAULT_REGION = 'ap-southeast-1';

/** Context `region` (default DEFAULT_REGION) and `account` (default: the account of the deploying credentials). */
const environment = (app: App): Environment => ({
  account: contextText(app, 'account'),
  region: contextText(app, 'region') ?? DEFAULT_REGION,
});

const apiSettings = (app: App): ApiSettings => ({
  throttlingRateLimit: contextNumber(app, 'apiRateLimit'),
  throttlingBurstLimit: contextNumber(app, 'apiBurstLimit'),
  wafRateLimitPerIp: contextNumber(app, 'wafRateLimitPerIp'),
});

/**
 * Builds every stack of the platform into `app`:
 * 1. parses the onboarded provinces (context `provinces`; unknown codes are an error);
 * 2. adds the national data and services stacks and one stack per province;
 * 3. adds the pipeline stack when context `pipeline` is `true`, with its waves (context `provinceWaves`);
 * 4. tags everything and registers the cdk-nag packs.
 */
export const buildPlatform = (app: App): PlatformApp => {
  const provinces = parseProvinceList(contextText(app, 'provinces'));
  const platform = topology(provinces);
  const deployment = {
    env: environment(app),
    api: apiSettings(app),
    oidcIssuer: contextText(app, 'oidcIssuer'),
    paymentGatewayUrl: contextText(app, 'paymentGatewayUrl'),
    autoApproval: contextText(app, 'autoApproval'),
    portalBuild: contextText(app, 'portalBuild'),
  };

  const national = addNationalStacks(app, platform, deployment);
  const provinceStacks = new Map(
    platform.provinceQueues.map((queue) => [queue.provinceCode, addProvinceStack(app, queue, deployment)] as const),
  );
  const portal = addPortalIfBuilt(app, national, deployment);

  let pipeline: PipelineStack | undefined;
  if (contextText(app, 'pipeline') === 'true') {
    const wavesText = contextText(app, 'provinceWaves');
    const source = {
      repository: contextText(app, 'pipelineRepository') ?? PIPELINE_PLACEHOLDERS.repository,
      branch: contextText(app, 'pipelineBranch') ?? PIPELINE_PLACEHOLDERS.branch,
      connectionArn: contextText(app, 'pipelineConnectionArn') ?? PIPELINE_PLACEHOLDERS.connectionArn,
    };
    const passThrough = [
      'account',
      'region',
      'apiRateLimit',
      'apiBurstLimit',
      'wafRateLimitPerIp',
      'oidcIssuer',
      'paymentGatewayUrl',
      'autoApproval',
      'portalBuild',
    ].flatMap((key) => {
      const value = contextText(app, key);
      return value === undefined ? [] : [[key, value] as const];
    });
    pipeline = new PipelineStack(app, STACK_NAMES.pipeline, {
      stackName: STACK_NAMES.pipeline,
      env: deployment.env,
      source,
      topology: platform,
      waves: planProvinceWaves(provinces, wavesText),
      deployment,
      synthContext: {
        pipeline: 'true',
        provinces: provinces.join(','),
        ...(wavesText ? { provinceWaves: wavesText } : {}),
        pipelineRepository: source.repository,
        pipelineBranch: source.branch,
        pipelineConnectionArn: source.connectionArn,
        ...Object.fromEntries(passThrough),
      },
    });
  }

  Tags.of(app).add('Project', PROJECT_PREFIX);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, provinces, topology: platform, national, provinceStacks, pipeline, portal };
};

/**
 * The portal stacks need the portal's build to deploy. Without one (a fresh clone that has not run
 * `npm run build:portal`), the rest of the platform still synthesizes, with a warning saying why P06-Portal is absent;
 * a `portalBuild` context that names a missing directory is an error.
 */
const addPortalIfBuilt = (
  app: App,
  national: NationalStacks,
  deployment: Parameters<typeof addPortalStacks>[2],
): PortalStacks | undefined => {
  const directory = deployment.portalBuild ?? DEFAULT_PORTAL_BUILD_DIRECTORY;
  if (!existsSync(directory)) {
    if (deployment.portalBuild !== undefined) throw new Error(`Context portalBuild: no directory ${directory}`);
    Annotations.of(app).addWarningV2(
      'p06:portal-build-missing',
      `No portal build at ${directory}: ${STACK_NAMES.portal} and ${STACK_NAMES.portalEdge} are left out. Run npm run build:portal, or pass -c portalBuild=DIR.`,
    );
    return undefined;
  }
  return addPortalStacks(app, national.services, deployment);
};
