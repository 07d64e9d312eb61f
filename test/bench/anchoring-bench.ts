/**
 * Anchoring time (`BENCH_ONLY=anchoring npm run bench`, or `npx tsx test/bench/anchoring-bench.ts`): writes
 * BENCH_ANCHOR_HEADS chain heads (default 100,000) into an in-memory DynamoDB Local, then measures one anchor
 * (parallel head scan, tree, sign, write to an append-only folder), reading it back as audit:verify does, and one
 * citizen's proof. Projects 1 million heads linearly (every step is linear in the heads) and writes
 * test/bench/results/anchoring.{md,json}.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { ensureTables } from '../../infra/local/tables.ts';
import { ACCESS_LOG_TABLE } from '../../infra/topology.ts';
import { AccessLogHeadScanner } from '../../shared/adapters/dynamodb/access-log-heads.ts';
import { headKey } from '../../shared/adapters/dynamodb/access-log-store.ts';
import { AnchorFolder } from '../../shared/adapters/files/anchor-folder.ts';
import { ensureAnchorKeyFile, KeyFileSigner } from '../../shared/adapters/files/key-file-signer.ts';
import { createAnchor } from '../../shared/audit-anchor/create-anchor.ts';
import { findAnchoredHead, latestAnchor, readAnchoredHeads } from '../../shared/audit-anchor/read-anchor.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { freePort } from '../support/free-port.ts';

const HEADS = Number(process.env.BENCH_ANCHOR_HEADS ?? 100_000);
const SEGMENTS = Number(process.env.BENCH_ANCHOR_SEGMENTS ?? 8);
const PROJECTED = 1_000_000;
const log = (line: string) => console.log(`[bench] ${line}`);
const s = (ms: number) => (ms / 1000).toFixed(2);

const dir = mkdtempSync(join(tmpdir(), 'p06-anchor-bench-'));
const dynamo = await startDynamoDbLocal({ port: await freePort(), maxHeap: '2g' });
const raw = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const client = DynamoDBDocumentClient.from(raw);
try {
  await ensureTables(raw, [ACCESS_LOG_TABLE]);
  log(`writing ${HEADS} chain heads into DynamoDB Local`);
  const pins = Array.from({ length: HEADS }, (_, i) => `0${String(10_000_000_000 + i * 7).slice(-11)}`);
  let next = 0;
  const writer = async () => {
    while (next < pins.length) {
      const batch = pins.slice(next, next + 25);
      next += 25;
      await client.send(
        new BatchWriteCommand({
          RequestItems: {
            [ACCESS_LOG_TABLE.id]: batch.map((pin, i) => ({
              PutRequest: {
                Item: {
                  ...headKey(pin),
                  seq: 1 + (i % 40),
                  hash: createHash('sha256').update(pin).digest('hex'),
                  updatedAt: new Date().toISOString(),
                },
              },
            })),
          },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));

  const folder = new AnchorFolder(join(dir, 'anchors'));
  const signer = await KeyFileSigner.fromFile(await ensureAnchorKeyFile(join(dir, 'key.pem')));
  const heads = new AccessLogHeadScanner(client, ACCESS_LOG_TABLE.id, SEGMENTS);
  log(`anchoring (${SEGMENTS} scan segments)`);
  const started = performance.now();
  const result = await createAnchor({ heads, signer, store: folder, clock: systemClock })();
  const anchorMs = performance.now() - started;
  if (result.statement.treeSize !== HEADS) throw new Error(`anchored ${result.statement.treeSize} of ${HEADS}`);

  const readStarted = performance.now();
  const anchor = await latestAnchor(folder);
  if (!anchor) throw new Error('no anchor');
  const anchored = await readAnchoredHeads(folder, anchor);
  const readBackMs = performance.now() - readStarted;
  const proofStarted = performance.now();
  const proof = await findAnchoredHead(folder, anchor, pins[Math.floor(HEADS / 2)] as string);
  const proofMs = performance.now() - proofStarted;
  if (!proof || anchored.size !== HEADS) throw new Error('read-back failed');

  const factor = PROJECTED / HEADS;
  const { readMs, treeMs, writeMs } = result.timings;
  const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const figures = {
    heads: HEADS,
    segments: SEGMENTS,
    anchorSeconds: anchorMs / 1000,
    readSeconds: readMs / 1000,
    treeSeconds: treeMs / 1000,
    signAndWriteSeconds: writeMs / 1000,
    readBackSeconds: readBackMs / 1000,
    proofMs,
    auditPathLength: proof.path.length,
    projected1MSeconds: (anchorMs * factor) / 1000,
    projected1MReadBackSeconds: (readBackMs * factor) / 1000,
  };
  const markdown = [
    `# Anchoring bench (${new Date().toISOString()}, ${machine.cpus} CPUs, Node ${machine.node})`,
    '',
    `Measured on DynamoDB Local (in memory) with ${HEADS.toLocaleString('en')} chain heads, ${SEGMENTS} scan segments, the local key file and an append-only folder.`,
    '',
    '| Step | Measured | Projected for 1,000,000 heads |',
    '|---|---:|---:|',
    `| Head scan | ${s(readMs)} s | ${s(readMs * factor)} s |`,
    `| Merkle tree (${Math.ceil(HEADS / 4096)} chunks) | ${s(treeMs)} s | ${s(treeMs * factor)} s |`,
    `| Sign and write | ${s(writeMs)} s | ${s(writeMs * factor)} s |`,
    `| **Anchor, total** | **${s(anchorMs)} s** | **${s(anchorMs * factor)} s** |`,
    `| Read back and check every chunk (audit:verify) | ${s(readBackMs)} s | ${s(readBackMs * factor)} s |`,
    `| One citizen's proof (one chunk) | ${proofMs.toFixed(1)} ms | ~${proofMs.toFixed(1)} ms (one 4,096-leaf chunk + ${Math.ceil(PROJECTED / 4096)} chunk roots) |`,
    '',
    'Every step is linear in the number of heads, so the projection multiplies by 10; a proof reads one chunk whatever',
    'the size. The scan reads the whole AccessLog table in AWS (entries too): see docs/audit-anchoring.md for its cost.',
  ].join('\n');
  writeFileSync(join(REPO_ROOT, 'test/bench/results/anchoring.md'), `${markdown}\n`);
  writeFileSync(
    join(REPO_ROOT, 'test/bench/results/anchoring.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, anchoring: figures }, null, 2)}\n`,
  );
  console.log(markdown);
} finally {
  client.destroy();
  await dynamo.stop();
  rmSync(dir, { recursive: true, force: true });
}
