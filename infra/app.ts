/**
 * The CDK composition root (`cdk.json` runs it with tsx). Context: `provinces` (e.g. `01,79`, `all`; default the
 * pilot provinces), `account`/`region` (default environment-agnostic), `pipeline=true` with `provinceWaves`,
 * `pipelineRepository`, `pipelineBranch`, `pipelineConnectionArn`; `apiRateLimit`, `apiBurstLimit`,
 * `wafRateLimitPerIp`; `oidcIssuer`; `autoApproval` (default config/auto-approval.json). See docs/infrastructure.md.
 */
import { App } from 'aws-cdk-lib';
import { buildPlatform } from './stacks/platform-app.ts';

const { app } = buildPlatform(new App());
app.synth();
