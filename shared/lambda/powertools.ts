/**
 * Logger, metrics and tracer, created once per execution environment and imported by every handler
 * (the Powertools examples' shape). Behaviour is set by the standard Powertools environment variables
 * (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, POWERTOOLS_METRICS_DISABLED, POWERTOOLS_TRACE_ENABLED),
 * which CDK sets in AWS and the local cloud sets on this machine.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'p06-platform';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'P06Platform' });
export const tracer = new Tracer({ serviceName });
