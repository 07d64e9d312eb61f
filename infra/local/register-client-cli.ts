/**
 * `npm run clients:register -- --client-id ID --name NAME --scope hospital:checkin [--jwks FILE] [--endpoint URL |
 * --aws] [--table NAME]`: registers an agency system with the e-ID provider.
 * With `--jwks` (the agency's public JWK set) the client authenticates with private_key_jwt; without it a secret is
 * generated, printed once and stored only as a salted hash. Re-running with the same ID replaces the registration
 * (key or secret rotation). The logic lives in shared/identity/register-agency-client.ts.
 * Exit codes: 0 registered, 2 bad arguments or an invalid registration, 3 the Identity table could not be written.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putClient } from '../../shared/adapters/dynamodb/oidc-adapter.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { registerAgencyClient } from '../../shared/identity/register-agency-client.ts';
import { PROJECT_PREFIX } from '../../shared/platform/resource-names.ts';
import { IDENTITY_TABLE } from '../topology.ts';

const USAGE = `Usage: npm run clients:register -- --client-id ID --name NAME --scope SCOPE[,SCOPE] [--jwks FILE]
                                       [--endpoint URL | --aws] [--table NAME]
  --client-id  the agency system's client ID (lower-case letters, digits, "." and "-")
  --name       its display name, shown to citizens in their access log
  --scope      purpose-bound scopes, e.g. hospital:checkin (comma-separated)
  --jwks       file with the agency's PUBLIC JWK set ({"keys":[...]}): private_key_jwt; without it a secret is
               generated and printed once
  --endpoint   DynamoDB endpoint (default http://localhost:\${DYNAMODB_PORT:-8000}, the one "npm start" runs)
  --aws        real DynamoDB with the SDK's default credentials, region and endpoint (table ${PROJECT_PREFIX}-${IDENTITY_TABLE.id})
  --table      Identity table name (default ${IDENTITY_TABLE.id} locally, ${PROJECT_PREFIX}-${IDENTITY_TABLE.id} with --aws)
Exit codes: 0 registered, 2 bad arguments or registration, 3 could not write.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const args = (() => {
  try {
    return parseArgs({
      options: {
        'client-id': { type: 'string' },
        name: { type: 'string' },
        scope: { type: 'string' },
        jwks: { type: 'string' },
        endpoint: { type: 'string' },
        aws: { type: 'boolean', default: false },
        table: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.aws && args.endpoint) fail('Use either --aws or --endpoint, not both.');
const endpoint = args.endpoint ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
if (!args.aws && (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))) {
  fail(`--endpoint must be an http(s) URL; got "${endpoint}".`);
}
const table = args.table ?? (args.aws ? `${PROJECT_PREFIX}-${IDENTITY_TABLE.id}` : IDENTITY_TABLE.id);
let jwks: unknown;
if (args.jwks !== undefined) {
  try {
    jwks = JSON.parse(readFileSync(args.jwks, 'utf8'));
  } catch (error) {
    fail(`--jwks: cannot read a JSON key set from ${args.jwks}: ${(error as Error).message}`);
  }
}

const client = DynamoDBDocumentClient.from(
  args.aws
    ? new DynamoDBClient({})
    : new DynamoDBClient({
        endpoint,
        region: process.env.AWS_REGION ?? 'ap-southeast-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 2,
      }),
);
const register = registerAgencyClient({ registry: { put: (metadata) => putClient(client, table, { ...metadata }) } });
try {
  const { metadata, secret } = await register({
    clientId: args['client-id'] ?? '',
    name: args.name ?? '',
    scopes: (args.scope ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(jwks === undefined ? {} : { jwks: jwks as { keys: Record<string, unknown>[] } }),
  });
  console.log(
    `Registered ${metadata.client_id} (${metadata.client_name}) in ${table}: ${metadata.token_endpoint_auth_method}, scope ${metadata.scope}.`,
  );
  if (secret) console.log(`Client secret (shown once, stored only as a hash): ${secret}`);
} catch (error) {
  if (error instanceof DomainError) {
    const details = error.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n');
    fail(`${error.message}\n${details}`);
  }
  console.error(`Could not register the client: ${(error as Error).message}`);
  process.exitCode = 3;
} finally {
  client.destroy();
}
