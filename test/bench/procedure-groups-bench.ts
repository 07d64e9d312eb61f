/**
 * "A day in Hanoi": a day's births (450) and deaths (150) submitted in one burst through the local API, with
 * auto-approval on, run to completion by the real workflow (consumer → Step Functions → task Lambdas →
 * DynamoDB). Measures intake latency, time until every group completes and dossiers per second, checks every
 * outcome, then repeats the burst for both pilot provinces at once.
 *
 * While it runs, every Lambda invocation, DynamoDB request (with ReturnConsumedCapacity), SQS request and
 * state transition is metered and attributed to the group of the dossier it served, for the cost model
 * (test/bench/aws-prices.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalCloud } from '../../infra/local/local-cloud.ts';
import { documentClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoKpiStore } from '../../shared/adapters/dynamodb/dossier-kpi-store.ts';
import { DossierStore } from '../../shared/adapters/dynamodb/dossier-store.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import { funeralAllowance } from '../../shared/domain/benefits.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import { addDays, ageInYears } from '../../shared/domain/dates.ts';
import { NAME_CORPUS, syntheticFullName } from '../../shared/domain/name-corpus.ts';
import { parsePin } from '../../shared/domain/pin.ts';
import type { GroupId } from '../../shared/dossiers/catalogue.ts';
import { stateMachineName } from '../../shared/platform/resource-names.ts';
import { seededRandom } from '../../shared/seed/random.ts';
import { syntheticCitizens } from '../../shared/seed/synthetic-population.ts';
import { tokenMinter } from '../support/mint-token.ts';
import {
  BENCH_KEY_HEADER,
  costPer1000,
  installMeter,
  type Meter,
  type PerDossier,
  percentile,
  perDossier,
} from './metering.ts';
import { billedWriteUnits, installWriteBreakdown, type WriteBreakdown } from './write-breakdown.ts';

const GROUPS: readonly GroupId[] = ['birth-group', 'death-group'];

export interface ScenarioResult {
  readonly name: string;
  readonly births: number;
  readonly deaths: number;
  readonly intakeP50Ms: number;
  readonly intakeP99Ms: number;
  readonly submitSeconds: number;
  /** From the first submission until the last group completed. */
  readonly completeSeconds: number;
  readonly dossiersPerSecond: number;
  readonly statuses: Record<string, number>;
  readonly problems: readonly string[];
  /** Submissions a client had to retry (same Idempotency-Key) after a 5xx or a lost connection. */
  readonly retries: number;
}

export interface CostLine {
  readonly item: string;
  readonly birth: number;
  readonly death: number;
}

export interface ProcedureGroupsBench {
  readonly scenarios: ScenarioResult[];
  /** Use per group: counts from the bursts, Lambda GB-s from the calm calibration run (test/bench/metering.ts). */
  readonly perGroup: Record<GroupId, PerDossier>;
  readonly costPer1000: CostLine[];
  /** DynamoDB write units of the calm run by table, index, item type and function (test/bench/write-breakdown.ts). */
  readonly writeBreakdown: Record<GroupId, WriteBreakdown>;
}

interface Plan {
  readonly births: Array<{ applicant: Citizen; body: unknown }>;
  readonly deaths: Array<{ applicant: Citizen; body: unknown; expectedAllowance?: number }>;
}

/** Applicants and subjects from the seeded population: household heads register births, relatives deaths. */
const planDay = (
  population: readonly Citizen[],
  province: string,
  counts: { births: number; deaths: number },
  today: string,
  /** Deaths and child names already used by earlier scenarios of this run. */
  used: { dead: Set<string>; names: Set<string>; seed: string; round: number },
): Plan => {
  const { births, deaths } = counts;
  const alive = population.filter(
    (c) => c.status === 'alive' && c.permanentResidence.provinceCode === province && !used.dead.has(c.pin),
  );
  const byPin = new Map(population.map((c) => [c.pin, c]));
  const deceased = alive
    .filter((c) => c.relationToHead !== 'head' && ageInYears(c.birthDate, today) >= 40)
    .slice(0, deaths);
  const deceasedPins = new Set(deceased.map((c) => c.pin));
  for (const pin of deceasedPins) used.dead.add(pin);
  const relativeOf = (c: Citizen) =>
    alive.find(
      (r) =>
        r.householdId === c.householdId &&
        r.pin !== c.pin &&
        !deceasedPins.has(r.pin) &&
        ageInYears(r.birthDate, today) >= 18,
    );
  const deathPlans = deceased.flatMap((c) => {
    const applicant = relativeOf(c);
    if (!applicant) return [];
    const category = c.healthInsurance?.number.slice(0, 2);
    const basis =
      category === 'HT' ? 'pensioner' : category && ['DN', 'GD', 'HC'].includes(category) ? 'insured' : undefined;
    return [
      {
        applicant,
        expectedAllowance: basis ? funeralAllowance(basis, today)?.amountVnd : undefined,
        body: {
          group: 'death-group',
          form: {
            deceasedPin: c.pin,
            deathDate: today,
            deathNotice: { number: `BT-${c.pin}`, issuedBy: 'Trạm y tế xã', issuedOn: today },
            ...(basis
              ? { alsoRequest: ['funeral-allowance'], funeralAllowance: { basis, recipientPin: applicant.pin } }
              : { alsoRequest: [] }),
          },
        },
      },
    ];
  });
  // Parents: household heads (the head confirms the residence) with a living mother in the household.
  const parents = alive.flatMap((head) => {
    if (head.relationToHead !== 'head' || used.dead.has(head.pin)) return [];
    const age = ageInYears(head.birthDate, today);
    if (age < 18 || age > 55) return [];
    if (head.sex === 'female') return [{ applicant: head, motherPin: head.pin, fatherPin: head.spousePin }];
    const spouse = head.spousePin ? byPin.get(head.spousePin) : undefined;
    if (spouse?.status !== 'alive' || spouse.sex !== 'female' || used.dead.has(spouse.pin)) return [];
    return [{ applicant: head, motherPin: spouse.pin, fatherPin: head.pin }];
  });
  if (parents.length === 0) throw new Error(`No household head can register a birth in province ${province}`);
  const random = seededRandom(`births-${province}-${used.seed}`);
  const birthPlans = Array.from({ length: births }, (_, i) => {
    const parent = parents[i % parents.length] as (typeof parents)[number];
    // A day's registrations are for births of the last weeks: a parent who registers again registers an earlier
    // birth (a second child of the same mother on the same day would rightly wait for an officer).
    const birthDate = addDays(today, -(Math.floor(i / parents.length) + used.round * 20));
    const sex = random.chance(0.5) ? 'male' : 'female';
    let fullName = syntheticFullName(sex, () => random.next());
    while (used.names.has(`${parent.motherPin}${fullName}`)) fullName = syntheticFullName(sex, () => random.next());
    used.names.add(`${parent.motherPin}${fullName}`);
    return {
      applicant: parent.applicant,
      body: {
        group: 'birth-group',
        form: {
          child: { fullName, sex, birthDate },
          motherPin: parent.motherPin,
          ...(parent.fatherPin ? { fatherPin: parent.fatherPin } : {}),
          birthCertificate: { number: `CS-${province}-${i}`, facilityCode: `${province}001`, issuedOn: birthDate },
        },
      },
    };
  });
  return { births: birthPlans, deaths: deathPlans };
};

/**
 * The groups of these provinces not ended yet, from the indicator counters (submitted less completed, rejected and
 * failed; one query): the byProvinceStatus index lists only dossiers not yet started.
 */
const openGroups = async (kpis: DynamoKpiStore, provinces: readonly string[]): Promise<number> => {
  const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  const cells = await kpis.readCells(month, month);
  return cells
    .filter((c) => provinces.includes(c.cell.provinceCode) && c.cell.group !== 'service')
    .reduce((open, { counts }) => open + counts.submitted - counts.completed - counts.rejected - counts.failed, 0);
};

const runScenario = async (
  cloud: LocalCloud,
  meter: Meter<GroupId>,
  population: readonly Citizen[],
  name: string,
  provinces: readonly string[],
  counts: { births: number; deaths: number },
  log: (line: string) => void,
  used: { dead: Set<string>; names: Set<string>; round: number },
  options: { inFlight: number; oneAtATime?: boolean } = { inFlight: 32 },
): Promise<ScenarioResult> => {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const mint = tokenMinter(cloud.signingKeysFile, cloud.oidcIssuer);
  const plans = provinces.map((p) => planDay(population, p, counts, today, { ...used, seed: name }));
  used.round += 1;
  const submissions = plans.flatMap((plan) => [...plan.births, ...plan.deaths]);
  // Interleave births and deaths as they arrive over a day, but all at once.
  submissions.sort(() => 0);
  const tokens = new Map<string, string>();
  for (const s of submissions) {
    if (!tokens.has(s.applicant.pin))
      tokens.set(s.applicant.pin, await mint.citizen(s.applicant.pin, 2, { expiresIn: '1h' }));
  }
  log(`${name}: ${submissions.length} dossiers in one burst`);
  const latencies: number[] = [];
  const ids: Array<{ id: string; group: GroupId; plan: (typeof submissions)[number] }> = [];
  const problems: string[] = [];
  let retries = 0;
  const kpis = new DynamoKpiStore(documentClient(), 'Dossiers');
  const openBefore = await openGroups(kpis, provinces);
  const started = performance.now();
  const probeStore = new DossierStore(documentClient(), 'Dossiers');
  const statusOf = (id: string) => probeStore.get(id);
  /** One submission as a careful client sends it: on a 5xx or a lost connection it retries with the same key. */
  const submit = async (s: (typeof submissions)[number]) => {
    const group = (s.body as { group: GroupId }).group;
    const key = crypto.randomUUID();
    for (let attempt = 1; ; attempt++) {
      const t = performance.now();
      let status = 0;
      let body: { id?: string; message?: string } = {};
      try {
        const response = await fetch(`${cloud.apiUrl}/v1/dossiers`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.get(s.applicant.pin)}`,
            'content-type': 'application/json',
            'idempotency-key': key,
            [BENCH_KEY_HEADER]: group,
          },
          body: JSON.stringify(s.body),
        });
        status = response.status;
        body = (await response.json()) as typeof body;
      } catch (error) {
        body = { message: (error as Error).message };
      }
      latencies.push(performance.now() - t);
      if (status === 202 && body.id) {
        meter.owners.set(body.id, group);
        meter.usage[group].dossiers += 1;
        ids.push({ id: body.id, group, plan: s });
        return body.id;
      }
      if ((status >= 500 || status === 0) && attempt < 5) {
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
        continue;
      }
      problems.push(`intake ${status}: ${body.message ?? ''}`);
      return undefined;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next < submissions.length) {
        const id = await submit(submissions[next++] as (typeof submissions)[number]);
        // Calibration: one group at a time, as one Lambda environment per request would see it.
        while (options.oneAtATime && id) {
          const dossier = await statusOf(id);
          if (dossier && dossier.status !== 'submitted' && dossier.status !== 'processing') break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }),
  );
  const submitSeconds = (performance.now() - started) / 1000;
  log(`${name}: submitted in ${submitSeconds.toFixed(1)} s; waiting for every group to complete`);

  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    }),
  );
  const statuses: Record<string, number> = {};
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if ((await openGroups(kpis, provinces)) === openBefore || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const completeSeconds = (performance.now() - started) / 1000;
  log(`${name}: all groups ended after ${completeSeconds.toFixed(1)} s`);

  // Every outcome, checked against the registries.
  const store = new DossierStore(client, 'Dossiers', 'Identity');
  const registry = new PopulationStore(client, 'Population');
  const pins = new Set<string>();
  const cards = new Set<string>();
  for (const { id, group, plan } of ids) {
    const dossier = await store.get(id);
    const status = dossier?.status ?? 'missing';
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (dossier?.status !== 'completed') {
      problems.push(`${id} ${group} ended ${dossier?.status ?? 'missing'}`);
      continue;
    }
    if (group === 'birth-group') {
      const pin = dossier.documents.pin ?? '';
      const child = await registry.getCitizen(pin);
      if (!parsePin(pin).ok || pins.has(pin)) problems.push(`${id}: PIN ${pin} invalid or issued twice`);
      if (!child?.householdId || child.motherPin !== (plan.body as { form: { motherPin: string } }).form.motherPin) {
        problems.push(`${id}: child ${pin} not in the household with the mother`);
      }
      const card = dossier.documents.healthInsuranceCardNumber ?? '';
      if (!card.startsWith('TE') || cards.has(card) || child?.healthInsurance?.number !== card) {
        problems.push(`${id}: card ${card} missing, duplicated or not on the child's record`);
      }
      pins.add(pin);
      cards.add(card);
    } else {
      const form = (plan.body as { form: { deceasedPin: string } }).form;
      const deceased = await registry.getCitizen(form.deceasedPin);
      if (deceased?.status !== 'deceased' || !deceased.permanentResidenceDeleted) {
        problems.push(`${id}: ${form.deceasedPin} not recorded deceased with residence deleted`);
      }
      const expected = (plan as { expectedAllowance?: number }).expectedAllowance;
      if (expected !== undefined && dossier.documents.funeralAllowance?.amountVnd !== expected) {
        problems.push(`${id}: allowance ${dossier.documents.funeralAllowance?.amountVnd} instead of ${expected}`);
      }
    }
  }

  // State transitions, from each execution's history.
  const sfn = new SFNClient({
    endpoint: cloud.awsEndpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  for (const { id, group } of ids) {
    const machine = stateMachineName(group === 'birth-group' ? 'BirthGroup' : 'DeathGroup');
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: `arn:aws:states:ap-southeast-1:000000000000:execution:${machine}:${id}`,
        maxResults: 1000,
      }),
    );
    meter.usage[group].transitions += events.filter((e) => e.type?.endsWith('StateEntered')).length;
  }
  sfn.destroy();
  client.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    births: plans.reduce((n, p) => n + p.births.length, 0),
    deaths: plans.reduce((n, p) => n + p.deaths.length, 0),
    intakeP50Ms: percentile(latencies, 50),
    intakeP99Ms: percentile(latencies, 99),
    submitSeconds,
    completeSeconds,
    dossiersPerSecond: ids.length / completeSeconds,
    statuses,
    problems,
    retries,
  };
};

/**
 * Waits until the life-event feed has caught up with the Population table's stream (its reader's counts stop moving
 * for three seconds and the bus has no delivery in flight). A burst writes thousands of history items; their
 * publication and deliveries (each with an access-log append) run in this same process, so without this wait they
 * would be measured as part of whatever the bench does next.
 */
export const feedSettled = async (cloud: LocalCloud, log: (line: string) => void): Promise<void> => {
  const started = Date.now();
  const seen = () => cloud.feed.stream.stats.delivered + cloud.feed.stream.stats.filteredOut;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() - started < 10 * 60_000) {
    await cloud.feed.bus.drain();
    const now = seen();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 3_000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`feed: caught up with the stream after ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

const seededPopulation = (citizens: number) =>
  syntheticCitizens({ communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS }, 0, citizens);

// Smaller runs while working on the cost (BENCH_GROUP_BIRTHS=0: the calm run only, its counts then stand for all).
const dayOfBirths = () => {
  const births = Number(process.env.BENCH_GROUP_BIRTHS ?? 450);
  return { births, deaths: Math.round(births / 3) };
};

/**
 * The day in Hanoi alone, named `name`: run on a local cloud whose DynamoDB Local writes its tables to disk, as
 * `npm start` keeps them, beside the main run whose DynamoDB Local is in memory.
 */
export const runHanoiDay = async (
  cloud: LocalCloud,
  citizens: number,
  name: string,
  log: (line: string) => void,
): Promise<ScenarioResult> => {
  const used = { dead: new Set<string>(), names: new Set<string>(), round: 0 };
  const meter = installMeter(cloud, GROUPS);
  const result = await runScenario(cloud, meter, seededPopulation(citizens), name, ['01'], dayOfBirths(), log, used);
  await feedSettled(cloud, log);
  return result;
};

export const runProcedureGroupsBench = async (
  cloud: LocalCloud,
  citizens: number,
  log: (line: string) => void,
): Promise<ProcedureGroupsBench> => {
  const population = seededPopulation(citizens);
  const meter = installMeter(cloud, GROUPS);
  const used = { dead: new Set<string>(), names: new Set<string>(), round: 0 };
  const day = dayOfBirths();
  const births = day.births;
  const calmBirths = Number(process.env.BENCH_GROUP_CALM_BIRTHS ?? 20);
  const scenarios: ScenarioResult[] = [];
  if (births > 0) {
    scenarios.push(await runScenario(cloud, meter, population, 'A day in Hanoi (01)', ['01'], day, log, used));
    await feedSettled(cloud, log);
    scenarios.push(
      await runScenario(
        cloud,
        meter,
        population,
        'Both pilot provinces at once (01 + 37)',
        ['01', '37'],
        day,
        log,
        used,
      ),
    );
    await feedSettled(cloud, log);
  }
  const burstUsage = meter.usage;
  const writes = installWriteBreakdown(cloud, GROUPS, (id) => meter.owners.get(id));
  // Lambda bills each environment's own time. In the bursts, every handler shares two cores with DynamoDB Local
  // and hundreds of concurrent requests, so their wall-clock durations are mostly queueing. A calm run, one group
  // at a time, measures the durations a Lambda environment (one request at a time) would see.
  meter.usage = meter.freshUsage();
  scenarios.push(
    await runScenario(
      cloud,
      meter,
      population,
      // Another province: Hanoi's seeded adults were used by the bursts.
      'Calibration: one group at a time (79)',
      ['79'],
      { births: calmBirths, deaths: Math.ceil(calmBirths / 2) },
      log,
      used,
      {
        inFlight: 1,
        oneAtATime: true,
      },
    ),
  );
  const calmUsage = meter.usage;
  for (const group of GROUPS) writes.breakdowns[group].dossiers = calmUsage[group].dossiers;
  const perGroup = Object.fromEntries(
    GROUPS.map((group) => {
      const used = perDossier(births > 0 ? burstUsage[group] : calmUsage[group], calmUsage[group]);
      const billed = billedWriteUnits(writes.breakdowns[group]);
      // The meter's figure is DynamoDB Local's, corrected only to 2 WRU per item of a transaction: a transaction of
      // a 1.9 KB item and a 0.1 KB one is 4 there, 6 on AWS. The breakdown reads each item back for its size.
      return [group, billed === undefined ? used : { ...used, writeUnits: billed, writeUnitsMetered: used.writeUnits }];
    }),
  ) as ProcedureGroupsBench['perGroup'];
  const birth = costPer1000(perGroup['birth-group']);
  const death = costPer1000(perGroup['death-group']);
  const lines: CostLine[] = birth.map((l, i) => ({ item: l.item, birth: l.usd, death: death[i]?.usd ?? 0 }));
  return { scenarios, perGroup, costPer1000: lines, writeBreakdown: writes.breakdowns };
};
