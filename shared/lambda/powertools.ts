/**
 * The logger, created once per execution environment and imported by every handler (the Powertools examples'
 * shape). Behaviour is set by the standard Powertools environment variables (POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_LOG_LEVEL), which CDK sets in AWS and the local cloud sets on this machine.
 * No Powertools Metrics: no handler emitted a metric, and its instance, created at load, could not be tree-shaken
 * (13 KB in every bundle); the dashboards and alarms read the AWS services' own metrics.
 * No Powertools Tracer: X-Ray active tracing on every function (CDK) records each invocation, its cold start and its
 * errors, and the Tracer, which instrumented nothing more here, put the X-Ray SDK (about 105 KB with semver and
 * cls-hooked) into every bundle.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'p06-platform';

export const logger = new Logger({ serviceName });
