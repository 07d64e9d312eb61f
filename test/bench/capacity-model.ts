/**
 * `npm run capacity`: the national platform's capacity and cost model, per province (docs/capacity.md).
 *
 * Populations: the seed's 2024 estimates (shared/seed/synthetic-population.ts). Vital statistics: 1.4 M births and
 * 0.6 M deaths a year nationally, shared by population (Hanoi then gets ~115k/~50k a year, ~315/~135 a day, near
 * the issue's ~450/~150). Metered use per procedure group (transitions, invocations, GB-s, read/write units, SQS,
 * API requests): test/bench/results/latest.json; bulk sync: results/bulk-sync.json and the life-event feed:
 * results/feed.json when present. Prices:
 * test/bench/aws-prices.ts. Every other figure is an assumption named in ASSUMPTIONS and printed with the table.
 * Writes docs/capacity/model.md, monthly-cost.svg and peak-queue-depth.svg.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { DEFAULT_PROVINCE_QUEUE_SETTINGS } from '../../infra/topology.ts';
import { PROVINCES } from '../../shared/domain/admin-units/provinces.ts';
import { PROVINCE_WEIGHTS } from '../../shared/seed/synthetic-population.ts';
import { AWS_PRICES } from './aws-prices.ts';
import { barChartSvg } from './capacity-svg.ts';

export const ASSUMPTIONS = {
  nationalPopulationMillions: 101.3,
  birthsPerYear: 1_400_000,
  deathsPerYear: 600_000,
  /** Share of a day's dossiers submitted in its busiest hour (office hours). */
  peakHourShareOfDay: 0.2,
  /** University admission registration: candidates × choices, and the window. */
  admissionCandidates: 616_000,
  admissionChoicesEach: 5,
  admissionWindowDays: 3,
  /** Share of all registrations in the last hour before the deadline, and of that hour in its busiest 5 minutes. */
  admissionLastHourShare: 0.1,
  admissionPeakFiveMinutesShareOfHour: 0.25,
  /** Hospital check-ins by chip-card or e-ID with a coverage check: ~170 M insured visits a year. */
  checkInsPerYear: 170_000_000,
  /** Citizens reading their own record (VNeID) per month, per citizen. */
  selfReadsPerCitizenMonth: 1,
  /** One API request: Lambda duration (s, at 512 MB), read units, write units (the access-log entry + chain head). */
  readRequest: { seconds: 0.03, gb: 0.5, readUnits: 2, writeUnits: 4 },
  /** An admission registration: one API write, one intake message and a short workflow (3 transitions). */
  registration: { seconds: 0.05, gb: 0.5, readUnits: 2, writeUnits: 6, sqsRequests: 3, transitions: 3 },
  /** Intake consumer: seconds to start one workflow (StartExecution) in AWS. */
  startWorkflowSeconds: 0.05,
  /** Step Functions StartExecution refill rate outside the largest Regions (../shared/FIGURES.md). */
  startExecutionRefillPerSecond: 150,
  /** Life events per citizen change: events on the bus, deliveries per event (subscribers matching). */
  deliveriesPerEvent: 3,
};

interface GroupUse {
  transitions: number;
  invocations: number;
  lambdaGbSeconds: number;
  writeUnits: number;
  readUnits: number;
  sqsRequests: number;
  apiRequests: number;
}

const p = AWS_PRICES;
const groupCost = (g: GroupUse) =>
  g.transitions * p.stepFunctionsPerTransition +
  g.invocations * p.lambdaPerRequest +
  g.lambdaGbSeconds * p.lambdaPerGbSecondArm +
  g.writeUnits * p.dynamoDbPerWriteUnit +
  g.readUnits * p.dynamoDbPerReadUnit +
  g.sqsRequests * p.sqsPerRequest +
  g.apiRequests * p.apiGatewayRestPerRequest;
const requestCost = (r: { seconds: number; gb: number; readUnits: number; writeUnits: number }) =>
  p.apiGatewayRestPerRequest +
  p.lambdaPerRequest +
  r.seconds * r.gb * p.lambdaPerGbSecondArm +
  r.readUnits * p.dynamoDbPerReadUnit +
  r.writeUnits * p.dynamoDbPerWriteUnit;

/** The feed bench's measured cost of one life event (results/feed.json), at its fan-out. */
interface MeasuredFeed {
  readonly fanOut: number;
  readonly costPerMillionEvents: readonly { readonly item: string; readonly usd: number }[];
}

export const buildModel = (perGroup: Record<'birth-group' | 'death-group', GroupUse>, feed?: MeasuredFeed) => {
  const a = ASSUMPTIONS;
  const totalWeight = Object.values(PROVINCE_WEIGHTS).reduce((s, w) => s + w, 0);
  const birthCost = groupCost(perGroup['birth-group']);
  const deathCost = groupCost(perGroup['death-group']);
  const readCost = requestCost(a.readRequest);
  const registration = a.registration;
  const registrationCost =
    requestCost(registration) +
    registration.sqsRequests * p.sqsPerRequest +
    registration.transitions * p.stepFunctionsPerTransition;
  // Measured when the feed bench has run (its access-log transaction, Lambda and SQS use per event); otherwise
  // estimated from the assumed deliveries per event.
  const feedEventCost = feed
    ? feed.costPerMillionEvents.reduce((sum, i) => sum + i.usd, 0) / 1e6
    : p.eventBridgePerEvent +
      a.deliveriesPerEvent * (p.lambdaPerRequest + p.sqsPerRequest + 4 * p.dynamoDbPerWriteUnit);
  const consumerPerSecond =
    (DEFAULT_PROVINCE_QUEUE_SETTINGS.consumerMaxConcurrency * DEFAULT_PROVINCE_QUEUE_SETTINGS.batchSize) /
    (DEFAULT_PROVINCE_QUEUE_SETTINGS.batchSize * a.startWorkflowSeconds);
  const rows = PROVINCES.map((province) => {
    const share = (PROVINCE_WEIGHTS[province.code] ?? 1) / totalWeight;
    const population = share * a.nationalPopulationMillions * 1e6;
    const birthsMonth = (a.birthsPerYear * share) / 12;
    const deathsMonth = (a.deathsPerYear * share) / 12;
    const checkInsMonth = (a.checkInsPerYear * share) / 12;
    const selfReadsMonth = population * a.selfReadsPerCitizenMonth;
    const registrations = a.admissionCandidates * a.admissionChoicesEach * share;
    const cost = {
      groups: birthsMonth * birthCost + deathsMonth * deathCost,
      reads: (checkInsMonth + selfReadsMonth) * readCost,
      feed: (birthsMonth + deathsMonth) * feedEventCost,
    };
    const monthly = cost.groups + cost.reads + cost.feed;
    const admissionMonthExtra = registrations * registrationCost;
    // Peak queue depth: the busiest five minutes of the admission deadline hour against the province's consumer,
    // whose share of the national StartExecution refill also caps it.
    const peakPerSecond = (registrations * a.admissionLastHourShare * a.admissionPeakFiveMinutesShareOfHour) / 300;
    const drain = Math.min(consumerPerSecond, a.startExecutionRefillPerSecond * share);
    const peakQueueDepth = Math.max(0, Math.round((peakPerSecond - drain) * 300));
    const dailyPeakPerSecond = (((a.birthsPerYear + a.deathsPerYear) * share) / 365) * (a.peakHourShareOfDay / 3600);
    return {
      code: province.code,
      name: province.name,
      population: Math.round(population),
      birthsPerDay: Math.round((a.birthsPerYear * share) / 365),
      deathsPerDay: Math.round((a.deathsPerYear * share) / 365),
      monthlyUsd: monthly,
      costUsd: cost,
      admissionMonthExtraUsd: admissionMonthExtra,
      dailyPeakDossiersPerSecond: dailyPeakPerSecond,
      admissionPeakPerSecond: peakPerSecond,
      drainPerSecond: drain,
      peakQueueDepth,
      minutesToDrain: peakQueueDepth > 0 ? peakQueueDepth / drain / 60 : 0,
    };
  });
  const national = {
    monthlyUsd: rows.reduce((s, r) => s + r.monthlyUsd, 0),
    admissionMonthExtraUsd: rows.reduce((s, r) => s + r.admissionMonthExtraUsd, 0),
    admissionPeakPerSecond: rows.reduce((s, r) => s + r.admissionPeakPerSecond, 0),
    peakReadsPerSecond: ((a.checkInsPerYear / 365) * 0.15) / 3600 + 0,
    lambdaConcurrencyAtPeak: 0,
  };
  const peakApiPerSecond = national.admissionPeakPerSecond + national.peakReadsPerSecond * 3;
  national.lambdaConcurrencyAtPeak = Math.ceil(
    peakApiPerSecond * 0.1 /* API + authorizer ~100 ms */ +
      PROVINCES.length * DEFAULT_PROVINCE_QUEUE_SETTINGS.consumerMaxConcurrency +
      100 /* a bulk sync map run */,
  );
  return {
    rows,
    national,
    unitCosts: { birthCost, deathCost, readCost, registrationCost, feedEventCost },
    consumerPerSecond,
    peakApiPerSecond,
  };
};

const usd = (n: number) => (n >= 100 ? `$${n.toFixed(0)}` : `$${n.toFixed(2)}`);

const main = () => {
  const bench = JSON.parse(readFileSync(join(REPO_ROOT, 'test/bench/results/latest.json'), 'utf8'));
  const feedFile = join(REPO_ROOT, 'test/bench/results/feed.json');
  const feed: MeasuredFeed | undefined = existsSync(feedFile)
    ? JSON.parse(readFileSync(feedFile, 'utf8')).feed
    : undefined;
  const model = buildModel(bench.procedureGroups.perGroup, feed);
  const syncFile = join(REPO_ROOT, 'test/bench/results/bulk-sync.json');
  const sync = existsSync(syncFile) ? JSON.parse(readFileSync(syncFile, 'utf8')) : undefined;
  const dir = join(REPO_ROOT, 'docs/capacity');
  mkdirSync(dir, { recursive: true });
  const { rows, national, unitCosts } = model;
  const quotas = [
    [
      'Lambda concurrent executions (account, Region)',
      '1,000',
      `${national.lambdaConcurrencyAtPeak.toLocaleString('en')} at the admission peak (34 × 5 consumers, API, a bulk-sync map run)`,
      national.lambdaConcurrencyAtPeak > 1000 ? 'raise' : 'raise to ≥ 2,000 for headroom',
    ],
    [
      'Step Functions StartExecution (bucket/refill per s)',
      '800 / 150',
      `${Math.ceil(national.admissionPeakPerSecond)} /s at the admission peak if each registration starts a workflow`,
      national.admissionPeakPerSecond > 150 ? 'raise' : 'watch',
    ],
    [
      'Step Functions state transitions (Standard, per s)',
      '5,000 / 1,500 refill',
      `${Math.ceil(national.admissionPeakPerSecond * 3 + 100)} /s`,
      'watch',
    ],
    [
      'Distributed Map: open map runs / child executions',
      '1,000 / 10,000',
      `${sync?.estimate?.mapMaxConcurrency ?? 30} children for 36 M records in an hour`,
      'fine',
    ],
    [
      'DynamoDB on-demand table throughput (per table)',
      '40,000 RRU and WRU /s',
      `${sync?.estimate?.writeUnitsPerSecond?.toLocaleString('en') ?? '~60,000'} WRU/s during a 36 M one-hour sync`,
      'raise, or pre-warm the Population table (warm throughput) before a national sync',
    ],
    [
      'EventBridge PutEvents (per s)',
      '10,000 in the largest Regions, lower elsewhere',
      `${Math.ceil(sync?.estimate?.recordsPerSecond ?? 10_000)} events/s during a national sync (one per linked record)`,
      'raise, or throttle the sync',
    ],
    [
      'API Gateway (account, per s)',
      '10,000 (5,000 burst)',
      `${Math.ceil(model.peakApiPerSecond)} /s at the admission peak`,
      'watch',
    ],
  ];
  const lines = [
    '# Capacity and cost model (generated by `npm run capacity`)',
    '',
    `Prices: ${AWS_PRICES.region}, ${AWS_PRICES.asOf}. Metered use per group: test/bench/results/latest.json (${bench.at}). Unit costs: birth group ${usd(unitCosts.birthCost * 1000)} per 1,000, death group ${usd(unitCosts.deathCost * 1000)} per 1,000, read request ${usd(unitCosts.readCost * 1e6)} per million, admission registration ${usd(unitCosts.registrationCost * 1e6)} per million, life event ${usd(unitCosts.feedEventCost * 1e6)} per million (${feed ? `measured by the feed bench at fan-out ${feed.fanOut}, test/bench/results/feed.json` : `estimated for ${ASSUMPTIONS.deliveriesPerEvent} deliveries per event; run the feed bench to measure it`}).`,
    '',
    '| Code | Province | Population | Births/day | Deaths/day | Monthly cost | of which groups | reads | feed | Admission month extra | Admission peak /s | Drain /s | Peak queue depth | Drain (min) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.code} | ${r.name} | ${r.population.toLocaleString('en')} | ${r.birthsPerDay} | ${r.deathsPerDay} | ${usd(r.monthlyUsd)} | ${usd(r.costUsd.groups)} | ${usd(r.costUsd.reads)} | ${usd(r.costUsd.feed)} | ${usd(r.admissionMonthExtraUsd)} | ${r.admissionPeakPerSecond.toFixed(1)} | ${r.drainPerSecond.toFixed(1)} | ${r.peakQueueDepth.toLocaleString('en')} | ${r.minutesToDrain.toFixed(1)} |`,
    ),
    `| | **National** | | | | **${usd(national.monthlyUsd)}** | | | | **${usd(national.admissionMonthExtraUsd)}** | ${national.admissionPeakPerSecond.toFixed(0)} | | | |`,
    '',
    '## AWS quotas to raise before going national',
    '',
    '| Quota | Default | Needed | Action |',
    '|---|---|---|---|',
    ...quotas.map((q) => `| ${q.join(' | ')} |`),
    '',
    '## Assumptions',
    '',
    ...Object.entries(ASSUMPTIONS).map(([k, v]) => `- \`${k}\`: ${JSON.stringify(v)}`),
    '',
    '![Monthly cost per province](monthly-cost.svg)',
    '',
    '![Peak queue depth per province](peak-queue-depth.svg)',
    '',
  ];
  writeFileSync(join(dir, 'model.md'), lines.join('\n'));
  writeFileSync(
    join(dir, 'monthly-cost.svg'),
    barChartSvg({
      title: 'Monthly AWS cost per province (USD, usage-based)',
      bars: rows.map((r) => ({ label: `${r.code} ${r.name}`, value: r.monthlyUsd })),
      format: usd,
    }),
  );
  writeFileSync(
    join(dir, 'peak-queue-depth.svg'),
    barChartSvg({
      title: 'Peak intake queue depth: last 5 minutes before the admission deadline',
      bars: rows.map((r) => ({ label: `${r.code} ${r.name}`, value: r.peakQueueDepth })),
      format: (n) => n.toLocaleString('en'),
    }),
  );
  console.log(
    `National: ${usd(national.monthlyUsd)} a month; admission month +${usd(national.admissionMonthExtraUsd)}; written to docs/capacity/`,
  );
};

if (process.argv[1]?.endsWith('capacity-model.ts')) main();
