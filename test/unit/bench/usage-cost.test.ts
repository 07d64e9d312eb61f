import { describe, expect, it } from 'vitest';
import { AWS_PRICES } from '../../bench/aws-prices.ts';
import { costPer1000, emptyUsage, gbSecondsPerDossier, percentile, perDossier } from '../../bench/usage-cost.ts';

describe('percentile (nearest rank of an ascending list)', () => {
  it('picks the rank, clamps to the last, and is 0 for no samples', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(51);
    expect(percentile(hundred, 99)).toBe(100);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('use per dossier and its cost per 1,000 dossiers', () => {
  const burst = {
    ...emptyUsage(),
    dossiers: 4,
    functions: {
      SubmitDossier: { invocations: 4, milliseconds: 4000, memoryMb: 1024 },
      StartDossierWorkflow: { invocations: 2, milliseconds: 1000, memoryMb: 512 },
    },
    writeUnits: 40,
    readUnits: 20,
    dynamoDbRequests: 36,
    sqsRequests: 12,
    apiRequests: 8,
    transitions: 0,
  };
  const calm = {
    ...emptyUsage(),
    dossiers: 2,
    functions: { SubmitDossier: { invocations: 2, milliseconds: 500, memoryMb: 2048 } },
  };

  it('divides the counts by the dossiers and weighs each function time by its memory', () => {
    // (4 s × 1 GB + 1 s × 0.5 GB) / 4 dossiers
    expect(gbSecondsPerDossier(burst)).toBeCloseTo(1.125, 10);
    expect(gbSecondsPerDossier(emptyUsage())).toBe(0);
    expect(perDossier(burst, calm)).toEqual({
      transitions: 0,
      invocations: 1.5,
      lambdaGbSeconds: 0.5, // the calm run: 0.5 s × 2 GB / 2 dossiers
      lambdaGbSecondsInBurst: 1.125,
      writeUnits: 10,
      readUnits: 5,
      dynamoDbRequests: 9,
      sqsRequests: 3,
      apiRequests: 2,
    });
  });

  it('prices each item at the list prices, per 1,000 dossiers, and totals them', () => {
    const lines = costPer1000(perDossier(burst, calm));
    const usd = Object.fromEntries(lines.map((l) => [l.item, l.usd]));
    expect(usd['Lambda requests']).toBeCloseTo(1.5 * 1000 * AWS_PRICES.lambdaPerRequest, 12);
    expect(usd['Lambda duration (arm64, calm run durations)']).toBeCloseTo(0.5 * 1000 * 0.0000133334, 12);
    expect(usd['DynamoDB writes']).toBeCloseTo(10 * 1000 * (0.7125 / 1e6), 12);
    expect(usd['DynamoDB reads']).toBeCloseTo(5 * 1000 * (0.1425 / 1e6), 12);
    expect(usd['SQS requests']).toBeCloseTo(3 * 1000 * (0.4 / 1e6), 12);
    expect(usd['API Gateway (REST) requests']).toBeCloseTo(2 * 1000 * (4.25 / 1e6), 12);
    expect(usd['Step Functions state transitions']).toBe(0);
    expect(lines.at(-1)?.item).toBe('Total');
    const sum = lines.slice(0, -1).reduce((s, l) => s + l.usd, 0);
    expect(lines.at(-1)?.usd).toBeCloseTo(sum, 12);
    // API 0.0085 + writes 0.007125 + duration 0.0066667 + SQS 0.0012 + reads 0.0007125 + requests 0.0003
    expect(sum).toBeCloseTo(0.0245042, 6);
  });

  it('prices with the table it is given', () => {
    const free = Object.fromEntries(
      Object.entries(AWS_PRICES).map(([k, v]) => [k, typeof v === 'number' ? 0 : v]),
    ) as unknown as typeof AWS_PRICES;
    expect(costPer1000(perDossier(burst, calm), free).at(-1)?.usd).toBe(0);
  });
});
