import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { entryKey } from '../../../shared/adapters/dynamodb/access-log-store.ts';
import { citizenWithReads, client, TABLE } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Runs `npm run audit:verify -- …args` the way npm would, against the integration run's DynamoDB Local. */
const auditVerify = (...args: string[]) => {
  const run = spawnSync(process.execPath, [TSX, 'infra/local/audit-verify.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

const endpoint = () => inject('dynamoDbEndpoint');

describe('npm run audit:verify', () => {
  it('exits 0 for an untouched chain and says how much it checked', async () => {
    const pin = await citizenWithReads(3);
    const { status, output } = auditVerify('--endpoint', endpoint(), '--citizen', pin);
    expect(output).toContain('Checked 1 citizen and 3 entries in');
    expect(output).toContain('Every chain is intact.');
    expect(status).toBe(0);
  });

  it('exits 1 and names the citizen and the entry when an entry was changed', async () => {
    const pin = await citizenWithReads(5);
    await client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: entryKey(pin, 4),
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': 'ekyc' },
      }),
    );
    const { status, output } = auditVerify('--endpoint', endpoint(), '--citizen', pin);
    expect(output).toContain(`citizen ${pin}: entry 4 was changed after it was written`);
    expect(status).toBe(1);
  });

  it('exits 1 and names the missing entry when the newest entry was deleted', async () => {
    const pin = await citizenWithReads(4);
    await client.send(new DeleteCommand({ TableName: TABLE, Key: entryKey(pin, 4) }));
    const { status, output } = auditVerify('--endpoint', endpoint(), '--citizen', pin);
    expect(output).toContain(`citizen ${pin}: the head says 4 entries but only 3 exist (entry 4 is missing)`);
    expect(status).toBe(1);
  });

  it('exits 1 when verifying every citizen finds a deleted entry', async () => {
    const pin = await citizenWithReads(3);
    await client.send(new DeleteCommand({ TableName: TABLE, Key: entryKey(pin, 2) }));
    const { status, output } = auditVerify('--endpoint', endpoint());
    expect(output).toContain(`citizen ${pin}: entry 2 is missing (the chain jumps from 1 to 3)`);
    expect(status).toBe(1);
  });

  it('exits 2 with the usage on a malformed PIN', () => {
    const { status, output } = auditVerify('--endpoint', endpoint(), '--citizen', '12345');
    expect(output).toContain('--citizen must be a 12-digit PIN; got "12345".');
    expect(output).toContain('Usage: npm run audit:verify');
    expect(status).toBe(2);
  });

  it('exits 2 on an unknown option', () => {
    const { status, output } = auditVerify('--citizens', '5');
    expect(output).toContain("Unknown option '--citizens'");
    expect(status).toBe(2);
  });

  it('exits 3 and suggests starting the local cloud when nothing answers at the endpoint', () => {
    const { status, output } = auditVerify('--endpoint', 'http://127.0.0.1:9', '--citizen', '001090012345');
    expect(output).toContain('Start the local cloud with "npm start"');
    expect(status).toBe(3);
  });
});
