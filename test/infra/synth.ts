/**
 * Synthesizes the platform app the way `cdk synth` does, once per context in each test worker (the infra project
 * does not isolate its files): building it bundles every function with esbuild and runs cdk-nag, so tests share one
 * app instead of building their own.
 */
import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildPlatform, type PlatformApp } from '../../infra/stacks/platform-app.ts';

export interface SynthOptions {
  /**
   * Whether to bundle the functions with esbuild. Template assertions do not need the bundles; skipping them is
   * what `cdk synth --exclusively` does for stacks it does not deploy.
   * @default true
   */
  readonly bundle?: boolean;
}

const cache = new Map<string, PlatformApp>();

/** Stands in for `portal/dist`, so infra tests do not depend on whether the portal was built. */
export const PORTAL_BUILD_FIXTURE = 'test/infra/fixtures/portal-build';

/** The `context` of cdk.json (feature flags, default provinces), which the CLI passes to every synth. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

/**
 * A fresh CDK app with the context the CLI would pass: cdk.json's (feature flags included; `featureFlags: false`
 * leaves them out, to compare), and path metadata on, as `cdk synth` sets it.
 */
export const testApp = (
  context: Record<string, unknown> = {},
  options: SynthOptions & { readonly featureFlags?: boolean } = {},
): App =>
  new App({
    context: {
      ...(options.featureFlags === false
        ? Object.fromEntries(Object.entries(CDK_JSON_CONTEXT).filter(([key]) => !key.startsWith('@aws-cdk')))
        : CDK_JSON_CONTEXT),
      'aws:cdk:enable-path-metadata': true,
      portalBuild: PORTAL_BUILD_FIXTURE,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...context,
    },
  });

/** The platform app for this context, built and synthesized once per test worker (cdk-nag runs during synthesis). */
export const synthPlatform = (context: Record<string, string> = {}, options: SynthOptions = {}): PlatformApp => {
  const key = JSON.stringify([context, options.bundle ?? true]);
  let platform = cache.get(key);
  if (!platform) {
    platform = buildPlatform(testApp(context, options));
    platform.app.synth();
    cache.set(key, platform);
  }
  return platform;
};

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

/** Every unacknowledged AwsSolutions and Serverless finding in `scope`, as the validation plugins report them. */
export const nagFindings = (scope: IConstruct): NagFinding[] =>
  [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(scope).violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      paths: violation.violatingResources.map((resource) => resource.constructPath ?? '?'),
    })),
  );
