/**
 * The deployable units of the platform and their names, shared by the command-line deployment (infra/app.ts) and
 * the pipeline's stages, so that both deploy the very same stacks.
 */
import { type Environment, type Stack, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  type FunctionSpec,
  INTAKE_CONSUMER_FUNCTION_ID,
  PROJECT_PREFIX,
  type ProvinceQueueSpec,
  type Topology,
} from '../topology.ts';
import { FeedStack } from './feed-stack.ts';
import { NationalDataStack } from './national-data-stack.ts';
import { type ApiSettings, NationalServicesStack } from './national-services-stack.ts';
import { EDGE_REGION, PortalEdgeStack } from './portal-edge-stack.ts';
import { PortalStack } from './portal-stack.ts';
import { ProvinceStack } from './province-stack.ts';

const STACK_PREFIX = PROJECT_PREFIX.toUpperCase();

/** CloudFormation stack names: the same whether deployed from the command line or by the pipeline. */
export const STACK_NAMES = {
  nationalData: `${STACK_PREFIX}-NationalData`,
  nationalServices: `${STACK_PREFIX}-NationalServices`,
  pipeline: `${STACK_PREFIX}-Pipeline`,
  portal: `${STACK_PREFIX}-Portal`,
  portalEdge: `${STACK_PREFIX}-PortalEdge`,
  feed: `${STACK_PREFIX}-Feed`,
  province: (provinceCode: string): string => `${STACK_PREFIX}-Province-${provinceCode}`,
} as const;

/** Deployment settings every unit receives. */
export interface DeploymentOptions {
  /** Target account and region; the national data stack needs an explicit region. */
  readonly env: Environment;
  /** API stage, throttling and WAF settings. @default - see ApiSettings */
  readonly api?: ApiSettings;
  /** The e-ID issuer URL (context `oidcIssuer`). @default DEFAULT_OIDC_ISSUER */
  readonly oidcIssuer?: string;
  /** The payment gateway's base URL (context `paymentGatewayUrl`). @default DEFAULT_PAYMENT_GATEWAY_URL */
  readonly paymentGatewayUrl?: string;
  /** Which steps each province auto-approves (context `autoApproval`). @default config/auto-approval.json */
  readonly autoApproval?: string;
  /** The portal's build directory (context `portalBuild`). @default DEFAULT_PORTAL_BUILD_DIRECTORY */
  readonly portalBuild?: string;
}

/**
 * The functions the national services stack creates: all but the province intake consumers, which each province
 * stack creates beside its queue (one function per province, each capped on its own).
 */
export const nationalFunctions = (topology: Topology): FunctionSpec[] => {
  const consumers = new Set<string>([
    INTAKE_CONSUMER_FUNCTION_ID,
    ...topology.provinceQueues.flatMap((queue) => (queue.consumerFunctionId ? [queue.consumerFunctionId] : [])),
  ]);
  return topology.functions.filter((fn) => !consumers.has(fn.id));
};

export interface NationalStacks {
  readonly data: NationalDataStack;
  readonly services: NationalServicesStack;
  readonly feed: FeedStack;
}

const tagPlatformStack = (stack: Stack): void => {
  Tags.of(stack).add('Project', PROJECT_PREFIX);
};

/** The national data and services stacks; services deploys after data, whose contract it reads. */
export const addNationalStacks = (scope: Construct, topology: Topology, options: DeploymentOptions): NationalStacks => {
  const data = new NationalDataStack(scope, STACK_NAMES.nationalData, {
    stackName: STACK_NAMES.nationalData,
    env: options.env,
    tables: topology.tables,
  });
  const services = new NationalServicesStack(scope, STACK_NAMES.nationalServices, {
    stackName: STACK_NAMES.nationalServices,
    env: options.env,
    functions: nationalFunctions(topology),
    routes: topology.routes,
    workflows: topology.workflows,
    schedules: topology.schedules,
    tables: topology.tables,
    onboardedProvinces: topology.provinceQueues.map((queue) => queue.provinceCode),
    autoApproval: options.autoApproval,
    nationalDataParameterPrefix: data.parameterPrefix,
    api: options.api,
    oidcIssuer: options.oidcIssuer,
    paymentGatewayUrl: options.paymentGatewayUrl,
  });
  services.addStackDependency(data, 'binds to the national tables and reads the data contract at deploy time');
  const feed = new FeedStack(scope, STACK_NAMES.feed, {
    stackName: STACK_NAMES.feed,
    env: options.env,
    feed: topology.feed,
    tables: topology.tables,
    nationalDataParameterPrefix: data.parameterPrefix,
  });
  feed.addStackDependency(data, "reads the Population table's stream and the access log's key at deploy time");
  tagPlatformStack(data);
  tagPlatformStack(services);
  tagPlatformStack(feed);
  return { data, services, feed };
};

/** One province's stack, tagged with its code. */
export const addProvinceStack = (
  scope: Construct,
  queue: ProvinceQueueSpec,
  options: DeploymentOptions,
): ProvinceStack => {
  const name = STACK_NAMES.province(queue.provinceCode);
  const stack = new ProvinceStack(scope, name, {
    stackName: name,
    env: options.env,
    queue,
    ...(options.autoApproval !== undefined ? { autoApproval: options.autoApproval } : {}),
  });
  tagPlatformStack(stack);
  Tags.of(stack).add('Province', queue.provinceCode);
  return stack;
};

export interface PortalStacks {
  readonly edge: PortalEdgeStack;
  readonly portal: PortalStack;
}

/**
 * The portal in the platform's region, in front of the national API, and its web ACL in us-east-1 (CloudFront's
 * WAF scope exists only there), passed across regions by CDK's cross-region references.
 */
export const addPortalStacks = (
  scope: Construct,
  services: NationalServicesStack,
  options: DeploymentOptions,
): PortalStacks => {
  const edge = new PortalEdgeStack(scope, STACK_NAMES.portalEdge, {
    stackName: STACK_NAMES.portalEdge,
    env: { account: options.env.account, region: EDGE_REGION },
    wafRateLimitPerIp: options.api?.wafRateLimitPerIp,
  });
  const portal = new PortalStack(scope, STACK_NAMES.portal, {
    stackName: STACK_NAMES.portal,
    env: options.env,
    crossRegionReferences: true,
    api: services.api,
    edgeSecret: services.edgeSecret,
    webAclArn: edge.webAcl.webAcl.attrArn,
    buildDirectory: options.portalBuild,
    oidcIssuer: options.oidcIssuer,
  });
  portal.addStackDependency(services, 'forwards the API paths to the national API');
  tagPlatformStack(edge);
  tagPlatformStack(portal);
  return { edge, portal };
};
