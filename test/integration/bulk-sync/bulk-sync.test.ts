/**
 * Bulk synchronisation end to end against the local cloud: a generated health-insurance export with known
 * mismatches, unknown PINs, duplicates and malformed lines goes through the same ASL (local Distributed Map) and
 * the same handlers as in AWS; the report must count exactly and the NPDB must carry exactly the new cards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateExport, scanLivingCitizens } from '../../../infra/local/bulk-sync/generate-export.ts';
import { bulkSyncLambdaRuntime, localS3Client, runLocalSync } from '../../../infra/local/bulk-sync/run-sync.ts';
import { POPULATION_TABLE } from '../../../infra/topology.ts';
import { DynamoBulkPopulation } from '../../../shared/adapters/dynamodb/bulk-population.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';

const awsEndpoint = inject('awsEndpoint');
const dynamoDbEndpoint = inject('dynamoDbEndpoint');
const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: dynamoDbEndpoint, region: 'ap-southeast-1' }),
  {
    marshallOptions: { removeUndefinedValues: true },
  },
);
const population = new PopulationStore(dynamo, POPULATION_TABLE.id);
const s3 = localS3Client(awsEndpoint);
const run = (body: string, fileName: string, executionName: string, extra = {}) =>
  runLocalSync({
    awsEndpoint,
    dynamoDbEndpoint,
    source: 'health-insurance',
    body,
    fileName,
    executionName,
    retryIntervalMs: 0,
    ...extra,
  });
const readObject = async (key: string) =>
  (await (await s3.send(new GetObjectCommand({ Bucket: 'p06-sync-local', Key: key }))).Body?.transformToString()) ?? '';

afterAll(() => {
  s3.destroy();
  dynamo.destroy();
});

describe('bulk sync of health-insurance cards', () => {
  let generated: ReturnType<typeof generateExport>;
  let citizens: Awaited<ReturnType<typeof scanLivingCitizens>>;

  beforeAll(async () => {
    citizens = await scanLivingCitizens(dynamo, POPULATION_TABLE.id);
    generated = generateExport(citizens, { lines: 2000, format: 'jsonl', seed: 10 });
  });

  it('reports every line exactly and links exactly the new cards, through the change history', async () => {
    const result = await run(generated.text, 'cards.jsonl', 'it-first');

    expect(result.status, `${result.error}: ${result.cause}`).toBe('SUCCEEDED');
    const { mismatchReasons, ...counts } = generated.expected;
    expect(result.report?.counts).toEqual(counts);
    expect(result.report?.mismatchReasons).toEqual(mismatchReasons);
    expect(counts.linked).toBeGreaterThan(500);
    for (const [pin, card] of [...generated.linkedCards].slice(0, 50)) {
      expect((await population.getCitizen(pin))?.healthInsurance).toEqual(card);
      const last = (await population.history(pin)).at(-1);
      expect(last).toMatchObject({
        action: 'health-insurance-linked',
        actor: 'sync#health-insurance',
        changed: ['healthInsurance'],
      });
    }
    const problems = (await readObject('reports/it-first/problems.csv')).trim().split('\n');
    expect(problems).toHaveLength(1 + counts.mismatched + counts.unknownPin + counts.duplicates + counts.malformed);
    expect(problems.filter((l) => l.includes(',duplicate,'))[0]).toMatch(
      /pin repeats line \d+; cardNumber repeats line \d+/,
    );
    const stored = JSON.parse(await readObject('reports/it-first/report.json')) as { counts: unknown };
    expect(stored.counts).toEqual(counts);
  }, 400_000);

  it('changes nothing when the same export runs again', async () => {
    const sample = [...generated.linkedCards.keys()].slice(0, 30);
    const versionsBefore = await Promise.all(sample.map(async (pin) => (await population.getCitizen(pin))?.version));

    const result = await run(generated.text, 'cards.jsonl', 'it-again');

    expect(result.report?.counts).toMatchObject({
      matched: generated.expected.matched,
      linked: 0,
      alreadyLinked: generated.expected.matched,
      mismatched: generated.expected.mismatched,
    });
    const versionsAfter = await Promise.all(sample.map(async (pin) => (await population.getCitizen(pin))?.version));
    expect(versionsAfter).toEqual(versionsBefore);
  }, 400_000);

  it('applies a batch once when its response was lost and the map retried it', async () => {
    const fresh = generateExport(citizens, { lines: 1200, format: 'csv', seed: 11, shares: { newCards: 1 } });
    const lambda = bulkSyncLambdaRuntime();
    lambda.failNext('LinkBatch', 1, undefined, { afterRun: true });

    const result = await run(fresh.text, 'cards.csv', 'it-lost-response', { lambda });

    expect(result.status).toBe('SUCCEEDED');
    expect(result.report?.counts.matched).toBe(fresh.expected.matched);
    expect(result.report?.counts.failed).toBe(0);
    for (const [pin, card] of [...fresh.linkedCards].slice(0, 40)) {
      const history = await population.history(pin);
      expect(history.filter((h) => String(h.reason ?? '').startsWith('bulk sync it-lost-response'))).toHaveLength(1);
      expect((await population.getCitizen(pin))?.healthInsurance).toEqual(card);
    }
  }, 400_000);

  it('reports a file of malformed lines instead of failing', async () => {
    const body = [
      'this is not json',
      '{"cardNumber":"GD4011234567890","pin":"12","fullName":"A","birthDate":"1990-01-01","validFrom":"2026-01-01","validUntil":"2026-12-31","facilityCode":"01001"}',
      '{"cardNumber":"GD4011234567890"',
      '',
      '[1,2,3]',
    ].join('\n');

    const result = await run(body, 'broken.jsonl', 'it-broken');

    expect(result.status).toBe('SUCCEEDED');
    expect(result.report?.counts).toMatchObject({ lines: 4, malformed: 4, matched: 0 });
    const problems = await readObject('reports/it-broken/problems.csv');
    expect(problems).toMatch(/^1,,malformed,"not JSON: /m);
    expect(problems).toMatch(/^5,,malformed,"?Invalid input: expected object, received array/m);
    expect(problems).toContain('pin: pin must be 12 digits');
  }, 120_000);

  it('fails the run past the tolerated failures and resumes it without redoing the finished batches', async () => {
    const third = generateExport(citizens, {
      lines: 1500,
      format: 'jsonl',
      seed: 12,
      shares: { newCards: 1, duplicates: 0, malformed: 0 },
    });
    const checkpointDir = mkdtempSync(join(tmpdir(), 'p06-sync-'));
    const runtime = bulkSyncLambdaRuntime();
    let broken = true;
    const batchesRun: number[] = [];
    // The batch holding line 1 fails on every attempt while `broken`: a third of the items, beyond the 5 % tolerated.
    const lambda = {
      arn: (id: string) => runtime.arn(id),
      invoke: async (id: string, payload: unknown) => {
        const first = (payload as { Items?: { line: number }[] }).Items?.[0]?.line;
        if (id === 'LinkBatch' && first !== undefined) {
          batchesRun.push(first);
          if (broken && first === 1)
            throw Object.assign(new Error('DynamoDB is unavailable'), { name: 'ServiceUnavailable' });
        }
        return runtime.invoke(id, payload);
      },
    };

    const failed = await run(third.text, 'cards3.jsonl', 'it-resume', { lambda, checkpointDir });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(batchesRun.filter((line) => line === 1)).toHaveLength(5);

    broken = false;
    batchesRun.length = 0;
    const resumed = await run(third.text, 'cards3.jsonl', 'it-resume', { lambda, checkpointDir });

    expect(resumed.status).toBe('SUCCEEDED');
    expect(batchesRun).toEqual([1]);
    const { mismatchReasons: _reasons, ...counts } = third.expected;
    expect(resumed.report?.counts).toEqual(counts);
  }, 400_000);
});

describe('many changes of the Population in one transaction (DynamoBulkPopulation.updateCitizens)', () => {
  it('writes the current changes and refuses a stale one without writing anything of it', async () => {
    // Any three living people: whatever the exports above linked, these changes start from the current records.
    const rows = (await scanLivingCitizens(dynamo, POPULATION_TABLE.id)).slice(-3);
    const [a, b, c] = await Promise.all(rows.map((row) => population.getCitizen(row.pin)));
    if (!a || !b || !c) throw new Error('No citizens to change');
    const card = (n: number) => ({
      number: `GD40100000000${n}`,
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      facilityCode: '01001',
    });
    const change = {
      actor: 'test',
      action: 'health-insurance-linked',
      reason: 'updateCitizens test',
      at: '2026-12-06T00:00:00Z',
    };
    const historyBefore = (await population.history(b.pin)).length;
    const outcomes = await new DynamoBulkPopulation(dynamo, POPULATION_TABLE.id).updateCitizens([
      { before: a, after: { ...a, healthInsurance: card(11) }, change },
      { before: { ...b, version: b.version - 1 }, after: { ...b, healthInsurance: card(12) }, change },
      { before: c, after: { ...c, healthInsurance: card(13) }, change },
    ]);
    expect(Object.fromEntries(outcomes)).toEqual({ [a.pin]: 'written', [b.pin]: 'conflict', [c.pin]: 'written' });
    expect((await population.getCitizen(a.pin))?.version).toBe(a.version + 1);
    expect((await population.getCitizen(c.pin))?.healthInsurance?.number).toBe('GD4010000000013');
    const bAfter = await population.getCitizen(b.pin);
    expect([bAfter?.version, bAfter?.healthInsurance]).toEqual([b.version, b.healthInsurance]);
    expect(await population.history(b.pin)).toHaveLength(historyBefore);
    expect((await population.history(a.pin)).at(-1)).toMatchObject({ reason: 'updateCitizens test' });
  });
});
