/**
 * `npm start`: the whole platform on this machine. Ctrl-C stops it, DynamoDB Local included.
 * Settings (environment): PROVINCES (onboarded provinces, default all 34), SEED_CITIZENS (default 20000),
 * API_PORT (3000), AWS_PORT (4566), DYNAMODB_PORT (8000), PAYMENT_GATEWAY_PORT (4590), DATA_DIR (.data),
 * PAYMENT_WINDOW_MINUTES (60).
 */
import { parseProvinceList, topology } from '../topology.ts';
import { type LocalCloud, startLocalCloud } from './local-cloud.ts';

const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
};

const log = (line: string) => console.log(`[local-cloud] ${line}`);

const main = async () => {
  const provinces = parseProvinceList(process.env.PROVINCES ?? 'all');
  let cloud: LocalCloud | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await cloud?.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));

  cloud = await startLocalCloud({
    topology: topology(provinces),
    ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
    apiPort: number('API_PORT', 3000),
    awsPort: number('AWS_PORT', 4566),
    dynamoDbPort: number('DYNAMODB_PORT', 8000),
    paymentGatewayPort: number('PAYMENT_GATEWAY_PORT', 4590),
    seedCitizens: number('SEED_CITIZENS', 20_000),
    log,
  });
  if (stopping) return;
  console.log(`
  Project 06 platform is running locally (${provinces.length} provinces onboarded)

  API               ${cloud.apiUrl}
    health          ${cloud.apiUrl}/health
    statistics      ${cloud.apiUrl}/v1/statistics/population?province=01
  AWS endpoint      ${cloud.awsEndpoint}   (SQS, Step Functions)
    aws --endpoint-url ${cloud.awsEndpoint} sqs list-queues
    aws --endpoint-url ${cloud.awsEndpoint} stepfunctions list-state-machines
  Payment gateway   ${cloud.paymentGateway.url}   (simulated, VNPAY 2.1.0 protocol; docs/payments.md)
  DynamoDB Local    ${cloud.dynamoDbEndpoint}
    aws --endpoint-url ${cloud.dynamoDbEndpoint} dynamodb list-tables
  e-ID (OpenID Connect) ${cloud.oidcIssuer}/.well-known/openid-configuration
  SMS gateway (sim) ${cloud.smsSimulatorUrl}/messages   (e-ID codes and notices, also [sms] lines below)
  Population        ${cloud.seed?.after ?? 0} synthetic citizens

  Demo accounts (docs/demo-accounts.md; one-time codes appear in this log as [outbox] lines):
${cloud.demoAccounts.map((account) => `    ${JSON.stringify(account)}`).join('\n')}

  Press Ctrl-C to stop.
`);
};

main().catch((error: Error) => {
  console.error(`[local-cloud] could not start: ${error.message}`);
  process.exit(1);
});
