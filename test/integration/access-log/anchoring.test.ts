/**
 * The audit trail anchored outside the database, against the integration run's DynamoDB Local: an attacker with
 * write access to the table rewrites one citizen's whole chain consistently (every hash and the head recomputed),
 * which the hash chain alone cannot notice; `audit:verify` catches it against the signed anchor. A deleted chain is
 * caught too, a chain that grew passes, and a citizen can download a proof that verifies on its own.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { verifyProof } from '../../../docs/examples/verify-access-log-proof.mjs';
import { GENESIS, hashOf } from '../../../shared/access-log/hash-chain.ts';
import { accessLogPk, headKey } from '../../../shared/adapters/dynamodb/access-log-store.ts';
import { call, citizenToken } from '../../support/tokens.ts';
import { citizenWithReads, client, readOf, store, TABLE } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const run = (script: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [TSX, script, '--endpoint', inject('dynamoDbEndpoint'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** A private anchor folder and key for the attack tests, so they do not depend on the cloud's anchors. */
const dir = mkdtempSync(join(tmpdir(), 'p06-anchoring-it-'));
const own = ['--anchors', join(dir, 'anchors'), '--anchor-key-file', join(dir, 'anchor-key.pem')];
const anchor = (...options: string[]) => run('infra/local/audit-anchor.ts', ...options);
const verify = (...options: string[]) => run('infra/local/audit-verify.ts', ...options);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every item of a citizen's partition (entries, request claims, head). */
const itemsOf = async (pin: string) => {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': accessLogPk(pin) },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []) as Array<Record<string, unknown>>;
};

/**
 * The attack: hide that a hospital read the citizen's data by changing the purpose of every entry, then recompute
 * every hash and link and move the head, exactly as the platform would have written them.
 */
const rewriteWholeChain = async (pin: string) => {
  const entries = (await itemsOf(pin))
    .filter((item) => String(item.sk).startsWith('ENTRY#'))
    .sort((a, b) => (a.seq as number) - (b.seq as number));
  let previousHash = GENESIS;
  for (const item of entries) {
    const { pk, sk, accessorId, hash: _old, ...content } = item;
    const rewritten = { ...content, purpose: 'citizen-self-service', previousHash };
    const hash = hashOf(rewritten);
    await client.send(new PutCommand({ TableName: TABLE, Item: { pk, sk, accessorId, ...rewritten, hash } }));
    previousHash = hash;
  }
  const last = entries.at(-1) as Record<string, unknown>;
  await client.send(
    new PutCommand({
      TableName: TABLE,
      Item: { ...headKey(pin), seq: last.seq, hash: previousHash, updatedAt: last.at },
    }),
  );
};

describe('audit:anchor and audit:verify against the anchor', () => {
  it('catches a whole chain rewritten consistently, which the chain alone cannot see', async () => {
    const pin = await citizenWithReads(4);
    const anchored = anchor(...own);
    expect(anchored.output).toMatch(/Anchored \d+ chain heads? as \d{8}T/);
    expect(anchored.status).toBe(0);

    await rewriteWholeChain(pin);
    const alone = verify('--citizen', pin, '--no-anchor');
    expect(alone.output).toContain('Every chain is intact.');
    expect(alone.status).toBe(0);

    const { status, output } = verify('--citizen', pin, ...own);
    expect(output).toMatch(/Against anchor \S+ of \S+ \(\d+ chains, signature valid\)/);
    expect(output).toContain(`citizen ${pin}: entries 1–4 differ from the anchor of`);
    expect(output).toContain('the chain was rewritten after it was anchored');
    expect(status).toBe(1);
  });

  it('names a chain deleted whole when verifying every citizen', async () => {
    const pin = await citizenWithReads(3);
    expect(anchor(...own).status).toBe(0);
    const items = await itemsOf(pin);
    await client.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: items.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })) },
      }),
    );
    const { status, output } = verify(...own);
    expect(output).toContain(`citizen ${pin}: the whole chain is gone: the anchor of`);
    expect(output).toContain('holds 3 entries for this citizen');
    expect(status).toBe(1);
  });

  it('passes a chain that grew after the anchor', async () => {
    const pin = await citizenWithReads(2);
    expect(anchor(...own).status).toBe(0);
    for (const n of [3, 4]) await store.append(readOf(pin, n));
    const { status, output } = verify('--citizen', pin, ...own);
    expect(output).toContain('Checked 1 citizen and 4 entries');
    expect(output).toContain('Every anchored chain (1) extends its anchored head.');
    expect(status).toBe(0);
  });

  it('distrusts an anchor that the trusted key did not sign', async () => {
    const pin = await citizenWithReads(1);
    expect(anchor(...own).status).toBe(0);
    const other = join(dir, 'other-key.pem');
    writeFileSync(
      other,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const { status, output } = verify('--citizen', pin, '--anchors', join(dir, 'anchors'), '--anchor-key-file', other);
    expect(output).toContain('does not verify with the trusted anchor key');
    expect(output).toContain('TAMPERED: the latest anchor cannot be trusted');
    expect(status).toBe(1);
  });

  it('refuses bad arguments with exit code 2', () => {
    const { status, output } = anchor('--segments', '0');
    expect(output).toContain('--segments must be a whole number from 1 to 1000; got "0".');
    expect(status).toBe(2);
  });
});

describe('GET /v1/me/access-log/{entryId}/proof', () => {
  const cloudAnchors = () => ['--anchors', inject('anchorsDir'), '--anchor-key-file', inject('anchorKeyFile')];

  it("proves an entry of my log with a proof the stand-alone script verifies; 404 for another citizen's entry", async () => {
    const pin = await citizenWithReads(3);
    const stranger = await citizenWithReads(1);
    expect(anchor(...cloudAnchors()).status).toBe(0);
    const token = await citizenToken(pin, 1);

    const { status, body } = await call('/v1/me/access-log/2/proof', token);
    expect(status).toBe(200);
    expect((body.links as Array<{ seq: number }>).map((link) => link.seq)).toEqual([2, 3]);
    expect(body.anchoredHead).toMatchObject({ pin, seq: 3 });
    const trusted = readFileSync(inject('anchorKeyFile'), 'utf8');
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey(trusted).export({ type: 'spki', format: 'pem' }) as string;
    expect(verifyProof(body, pem)).toEqual([]);

    // The documented script, run as a citizen would.
    const file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify(body));
    writeFileSync(join(dir, 'anchor-public.pem'), pem);
    const script = spawnSync(
      process.execPath,
      ['docs/examples/verify-access-log-proof.mjs', file, join(dir, 'anchor-public.pem')],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(script.stdout).toContain('Entry 2 is in anchor');
    expect(script.status).toBe(0);

    const strangersEntry = (await itemsOf(stranger)).find(
      (item) => item.seq === 1 && String(item.sk).startsWith('ENTRY#'),
    );
    const other = await call(`/v1/me/access-log/${strangersEntry?.hash as string}/proof`, token);
    expect(other.status).toBe(404);
    expect(other.body).not.toHaveProperty('links');
    expect((await call('/v1/me/access-log/4/proof', token)).status).toBe(404);
  });

  it('answers 400 naming entryId for a malformed ID, 409 for an entry newer than the anchor, 401 without a token', async () => {
    const pin = await citizenWithReads(1);
    expect(anchor(...cloudAnchors()).status).toBe(0);
    await store.append(readOf(pin, 2));
    const token = await citizenToken(pin, 1);
    const bad = await call('/v1/me/access-log/abc/proof', token);
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'entryId' })]);
    const newer = await call('/v1/me/access-log/2/proof', token);
    expect(newer.status).toBe(409);
    expect(newer.body.message).toContain('newer than the latest anchor');
    expect((await call('/v1/me/access-log/1/proof', undefined)).status).toBe(401);
  });
});
