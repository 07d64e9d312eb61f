/**
 * Every handler must start with exactly the environment its synthesized function receives: the local cloud gives
 * every handler every variable, so a variable the topology forgot only fails in AWS, at the first cold start.
 * Each handler module is imported here with its template's variables only (tokens rendered as plausible values).
 */
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPOSITORY_ROOT } from '../../infra/constructs/platform-function.ts';
import { FEED } from '../../infra/feed-topology.ts';
import { FUNCTIONS } from '../../infra/topology.ts';
import { synthPlatform } from './synth.ts';

/**
 * Handlers known not to start with their function's environment: none, keep it that way. A name listed here runs
 * as `it.fails`, which turns red the day the handler starts, so the list cannot go stale.
 */
const KNOWN_NOT_TO_START: ReadonlySet<string> = new Set<string>([]);

/** The platform's functions and the life-event feed's. */
const ALL_FUNCTIONS = [...FUNCTIONS, ...FEED.functions];

type CfnFunction = { Type: string; Properties: { Description?: string; Environment?: { Variables?: object } } };

/** A deployed value for a CloudFormation expression: pseudo parameters as in AWS, other references as names. */
const render = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const expression = value as Record<string, unknown>;
  if (Array.isArray(expression['Fn::Join'])) {
    const [delimiter, parts] = expression['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(delimiter);
  }
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': '111111111111',
    'AWS::Region': 'ap-southeast-1',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (typeof expression.Ref === 'string') return pseudo[expression.Ref] ?? `resolved-${expression.Ref}`;
  if (Array.isArray(expression['Fn::GetAtt'])) return `resolved-${(expression['Fn::GetAtt'] as string[]).join('.')}`;
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
};

describe('every handler', () => {
  const environments = new Map<string, Record<string, string>>();
  beforeAll(() => {
    const platform = synthPlatform({}, { bundle: false });
    const stacks: Stack[] = [
      platform.national.services,
      ...platform.national.services.nestedStacks.values(),
      platform.national.feed,
      ...platform.provinceStacks.values(),
    ];
    const functions = stacks.flatMap(
      (stack) => Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as CfnFunction[],
    );
    for (const spec of ALL_FUNCTIONS) {
      const fn = functions.find((f) => f.Properties.Description === spec.description);
      if (!fn) throw new Error(`No function ${spec.id} in the templates`);
      const variables = Object.entries(fn.Properties.Environment?.Variables ?? {});
      environments.set(spec.id, Object.fromEntries(variables.map(([name, value]) => [name, render(value)])));
    }
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Every variable any handler receives is unset first, so only the function's own remain. */
  const isolate = (variables: Record<string, string>): void => {
    for (const name of new Set([...environments.values()].flatMap((env) => Object.keys(env)))) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_REGION', 'ap-southeast-1');
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  };

  for (const spec of ALL_FUNCTIONS) {
    const test = KNOWN_NOT_TO_START.has(spec.id) ? it.fails : it;
    test(`${spec.id} starts with the environment its function is given`, async () => {
      isolate(environments.get(spec.id) ?? {});
      vi.resetModules();
      const module = (await import(path.join(REPOSITORY_ROOT, spec.entry))) as { handler?: unknown };
      expect(typeof module.handler).toBe('function');
    });
  }
});
