/**
 * What the CDK app would deploy, read back from its synthesized CloudFormation templates: the API routes, province
 * queues, tables, functions, state machines and schedules. The local cloud's inventory is compared with it
 * (test/integration/local-cloud/topology-parity.test.ts), and so is the topology (test/infra/topology-parity.test.ts).
 */
import { NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../../infra/stacks/platform-app.ts';
import { testApp } from './synth.ts';

export interface TemplateInventory {
  /** `METHOD /path` with API Gateway `{param}` placeholders, e.g. `GET /health`. */
  readonly routes: readonly string[];
  /** Intake queue names (queues with a redrive policy), e.g. `p06-intake-01`. */
  readonly queues: readonly string[];
  /** Dead-letter queue names (the redrive targets), e.g. `p06-intake-01-dlq`. */
  readonly dlqs: readonly string[];
  /** Table construct IDs, which are the topology IDs and the local table names, e.g. `Population`. */
  readonly tables: readonly string[];
  /** Platform function construct IDs (topology IDs), e.g. `Health`. */
  readonly functions: readonly string[];
  /** State machine names, which handlers address them by (`stateMachineName`), e.g. `p06-BirthGroup`. */
  readonly stateMachines: readonly string[];
  /** Scheduled functions and their rate, e.g. `FlagOverdueSteps rate(15 minutes)`. */
  readonly schedules: readonly string[];
  /** Rules on custom buses, with their pattern: `p06-feed-fan-out {"source":[…],…}`. */
  readonly busRules: readonly string[];
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The construct ID a resource was declared with: `P06-NationalData/Population/Resource` gives `Population`. */
const constructId = (resource: CfnResource): string => {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') throw new Error('Synthesize with aws:cdk:enable-path-metadata to read construct IDs');
  const parts = path.split('/');
  return (parts.at(-1) === 'Resource' ? parts.at(-2) : parts.at(-1)) ?? path;
};

const logicalIdOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
};

const routesOf = (resources: Record<string, CfnResource>): string[] => {
  const pathOf = (logicalId: string | undefined): string => {
    const resource = logicalId ? resources[logicalId] : undefined;
    if (resource?.Type !== 'AWS::ApiGateway::Resource') return ''; // the API's root resource
    return `${pathOf(logicalIdOf(resource.Properties?.ParentId))}/${String(resource.Properties?.PathPart)}`;
  };
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod !== 'OPTIONS') // CORS preflights
    .map((r) => `${String(r.Properties?.HttpMethod)} ${pathOf(logicalIdOf(r.Properties?.ResourceId)) || '/'}`);
};

/** Synthesizes the app for these onboarded provinces (without bundling the functions) and lists what it holds. */
export const templateInventory = async (provinces: readonly string[]): Promise<TemplateInventory> => {
  const { app } = buildPlatform(testApp({ provinces: provinces.join(',') }, { bundle: false }));
  type CfnTemplate = { Resources?: Record<string, CfnResource> };
  const templates = [
    ...app.synth().stacks.map((stack) => stack.template as CfnTemplate),
    // Nested stacks' templates are assets of their parent's, not stacks of the assembly.
    ...app.node
      .findAll()
      .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))
      .map((nested) => Template.fromStack(nested).toJSON() as CfnTemplate),
  ];

  const routes: string[] = [];
  const queues: string[] = [];
  const dlqs: string[] = [];
  const tables: string[] = [];
  const functions: string[] = [];
  const stateMachines: string[] = [];
  const schedules: string[] = [];
  const busRules: string[] = [];
  for (const template of templates) {
    const resources = template.Resources ?? {};
    routes.push(...routesOf(resources));
    const deadLetterTargets = new Set(
      Object.values(resources).flatMap((r) => {
        const redrive = r.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
        const target = logicalIdOf(redrive?.deadLetterTargetArn);
        return r.Type === 'AWS::SQS::Queue' && target ? [target] : [];
      }),
    );
    for (const [logicalId, resource] of Object.entries(resources)) {
      switch (resource.Type) {
        case 'AWS::SQS::Queue':
          (deadLetterTargets.has(logicalId) ? dlqs : queues).push(String(resource.Properties?.QueueName));
          break;
        case 'AWS::DynamoDB::GlobalTable':
        case 'AWS::DynamoDB::Table':
          tables.push(constructId(resource));
          break;
        case 'AWS::Lambda::Function': {
          // Platform functions only: CDK's own helper functions carry no Powertools service name.
          const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
            ?.Variables;
          if (variables?.POWERTOOLS_SERVICE_NAME) functions.push(constructId(resource));
          break;
        }
        case 'AWS::StepFunctions::StateMachine':
          stateMachines.push(String(resource.Properties?.StateMachineName));
          break;
        case 'AWS::Events::Rule': {
          const rate = resource.Properties?.ScheduleExpression;
          if (resource.Properties?.EventBusName !== undefined && resource.Properties?.EventPattern) {
            busRules.push(`${String(resource.Properties.Name)} ${JSON.stringify(resource.Properties.EventPattern)}`);
          }
          const targets = (resource.Properties?.Targets ?? []) as { Arn?: unknown }[];
          for (const target of targets) {
            const fn = resources[logicalIdOf(target.Arn) ?? ''];
            if (typeof rate === 'string' && fn?.Type === 'AWS::Lambda::Function') {
              schedules.push(`${constructId(fn)} ${rate}`);
            }
          }
          break;
        }
      }
    }
  }
  return {
    routes: sorted(routes),
    queues: sorted(queues),
    dlqs: sorted(dlqs),
    tables: sorted(tables),
    functions: sorted(functions),
    stateMachines: sorted(stateMachines),
    schedules: sorted(schedules),
    busRules: sorted(busRules),
  };
};
