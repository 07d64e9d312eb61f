/**
 * Three representative single-agency services (issue 9, section 5), each filed by N distinct citizens through the
 * local API at a fixed concurrency and run to the end by the real handlers, province consumer and DynamoDB Local:
 *
 * - the residence confirmation: synchronous, from the NPDB at once (completion is the answer);
 * - service 4, temporary residence registration: the 7,000 đ online fee paid through the local payment gateway
 *   simulator (payment page, the gateway's IPN), then auto-approved by the province consumer (the owner files);
 * - service 12, criminal-record certificate: paid (200,000 đ), then decided by a scripted police officer through the
 *   API, since its check of the judicial-records database (outside the NPDB) never passes by itself.
 *
 * Measured: intake p50/p99, time from filing to completion p50/p99 (from the dossier's recorded outcome time), the
 * whole burst, dossiers/s, problems (anything not completed, or applied twice), and the use metered per dossier
 * (test/bench/metering.ts) with its cost per 1,000 dossiers. A calm run, one dossier at a time, gives the Lambda
 * durations billed. Report and results files: test/bench/services-report.ts.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalCloud } from '../../infra/local/local-cloud.ts';
import { DossierStore } from '../../shared/adapters/dynamodb/dossier-store.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import { vietnamDate } from '../../shared/domain/clock.ts';
import { addDays, ageInYears } from '../../shared/domain/dates.ts';
import { NAME_CORPUS } from '../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../shared/seed/synthetic-population.ts';
import { tokenMinter } from '../support/mint-token.ts';
import {
  BENCH_KEY_HEADER,
  type CostItem,
  costPer1000,
  installMeter,
  type PerDossier,
  percentile,
  perDossier,
} from './metering.ts';

export const SERVICE_KEYS = ['residence-confirmation', 'service-04', 'service-12'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

export interface ServiceRow {
  readonly key: ServiceKey;
  readonly name: string;
  readonly completion: string;
  readonly dossiers: number;
  readonly concurrency: number;
  readonly intakeP50Ms: number;
  readonly intakeP99Ms: number;
  readonly completionP50Ms: number;
  readonly completionP99Ms: number;
  /** From the first filing until the last dossier completed. */
  readonly totalSeconds: number;
  readonly dossiersPerSecond: number;
  readonly statuses: Record<string, number>;
  readonly retries: number;
  /** Dossiers that waited for their fee and were paid (the others' applicants are exempt, or the service is free). */
  readonly paid: number;
  readonly problems: readonly string[];
  readonly perDossier: PerDossier;
  readonly costPer1000: readonly CostItem[];
}

export interface ServicesBench {
  readonly rows: readonly ServiceRow[];
}

/** Provinces the procedure-group bench leaves alone (it registers births and deaths in 01, 37 and 79). */
const AVOID = new Set(['01', '37', '79']);
const OPEN = new Set(['awaiting-payment', 'submitted', 'processing']);
const OUTCOME = 'Không có án tích.';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Filing {
  readonly citizen: Citizen;
  /** Epoch ms when the citizen pressed Submit. */
  startedAt: number;
  id?: string;
  /** Epoch ms when the dossier (or the confirmation) was complete. */
  completedAt?: number;
  status?: string;
  document?: { number: string; code: string };
  /** Whether the dossier waited for its fee (an applicant exempt from it does not). */
  paid?: boolean;
}

interface Spec {
  readonly key: ServiceKey;
  readonly name: string;
  readonly completion: string;
  /** Whether a citizen may file it (besides being alive, adult and untouched). */
  readonly eligible: (c: Citizen) => boolean;
  readonly path: string;
  readonly body: (c: Citizen, today: string) => unknown;
  readonly officer: boolean;
}

const SPECS: readonly Spec[] = [
  {
    key: 'residence-confirmation',
    name: 'Residence confirmation',
    completion: 'synchronous: the answer is the confirmation',
    eligible: () => true,
    path: '/v1/services/residence-confirmations',
    body: () => ({}),
    officer: false,
  },
  {
    key: 'service-04',
    name: 'Service 4: temporary residence',
    completion: 'fee paid at the gateway simulator, then auto-approved',
    // The owner files (so their consent is evident), for themselves, at an address of another commune.
    eligible: (c) => c.relationToHead === 'head',
    path: '/v1/services/temporary-residence-registration/dossiers',
    body: (c, today) => {
      const home = c.permanentResidence;
      const other = communesOfProvince(home.provinceCode).find((x) => x.code !== home.communeCode);
      return {
        form: {
          address: { communeCode: other?.code ?? home.communeCode, addressLine: 'Số 8 ngõ 12, tổ 5' },
          from: today,
          until: addDays(today, 180),
          accommodation: 'owned',
          ownerPin: c.pin,
          persons: [c.pin],
        },
      };
    },
    officer: false,
  },
  {
    key: 'service-12',
    name: 'Service 12: criminal-record certificate',
    completion: 'fee paid, then a scripted police officer approves through the API (never automatic)',
    eligible: () => true,
    path: '/v1/services/criminal-record-certificate/dossiers',
    body: () => ({ form: { certificateType: 1, purpose: 'Bổ sung hồ sơ xin việc', copies: 1 } }),
    officer: true,
  },
];

export const runServicesBench = async (
  cloud: LocalCloud,
  citizens: number,
  options: { dossiers: number; concurrency: number; calm: number },
  log: (line: string) => void,
): Promise<ServicesBench> => {
  const meter = installMeter(cloud, SERVICE_KEYS);
  const credentials = { accessKeyId: 'b', secretAccessKey: 'b' };
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.dynamoDbEndpoint, region: 'ap-southeast-1', credentials }),
  );
  const store = new DossierStore(db, 'Dossiers', 'Identity');
  const today = vietnamDate(new Date());
  const population = syntheticCitizens(
    { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
    0,
    citizens,
  );
  // Officers: the last adults of each province, never applicants.
  const officers = new Map<string, string>();
  for (const c of [...population].reverse()) {
    const p = c.permanentResidence.provinceCode;
    if (!officers.has(p) && c.status === 'alive' && ageInYears(c.birthDate, today) >= 25) officers.set(p, c.pin);
  }
  const officerPins = new Set(officers.values());
  const taken = new Set<string>();
  /** Distinct living adults, spread over the provinces, whose stored record earlier sections left untouched. */
  const pick = async (spec: Spec, count: number): Promise<Citizen[]> => {
    const found: Citizen[] = [];
    for (const c of population) {
      if (found.length === count) break;
      const p = c.permanentResidence.provinceCode;
      if (AVOID.has(p) || taken.has(c.pin) || officerPins.has(c.pin) || c.status !== 'alive') continue;
      if (ageInYears(c.birthDate, today) < 20 || !spec.eligible(c)) continue;
      const { Item } = await db.send(
        new GetCommand({ TableName: 'Population', Key: { pk: `CITIZEN#${c.pin}`, sk: 'PROFILE' } }),
      );
      const stored = Item as (Citizen & { temporaryResidence?: unknown }) | undefined;
      if (stored?.status !== 'alive' || stored.permanentResidenceDeleted || stored.temporaryResidence) continue;
      if (stored.permanentResidence.communeCode !== c.permanentResidence.communeCode) continue;
      taken.add(c.pin);
      found.push(c);
    }
    if (found.length < count) throw new Error(`Only ${found.length} citizens can file ${spec.key}; seed more`);
    return found;
  };

  const mint = tokenMinter(cloud.signingKeysFile, cloud.oidcIssuer);
  const { tmnCode } = JSON.parse(readFileSync(cloud.paymentGateway.terminalFile, 'utf8')) as { tmnCode: string };
  let retries = 0;
  /** An API call as a careful client makes it: on a 5xx or a lost connection, the same request again. */
  const call = async (key: ServiceKey, path: string, token: string, body: unknown, headers = {}) => {
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let json: Record<string, unknown> = {};
      try {
        const response = await fetch(`${cloud.apiUrl}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            [BENCH_KEY_HEADER]: key,
            ...headers,
          },
          body: JSON.stringify(body),
        });
        status = response.status;
        json = (await response.json()) as Record<string, unknown>;
      } catch (error) {
        json = { message: (error as Error).message };
      }
      if ((status >= 500 || status === 0) && attempt < 5) {
        retries++;
        await sleep(200 * 2 ** attempt);
        continue;
      }
      return { status, body: json };
    }
  };

  const waitFor = async <T>(what: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await what();
      if (value !== undefined || Date.now() > deadline) return value;
      await sleep(100);
    }
  };

  /** One citizen's whole path: file, pay, (officer decides), as far as the client drives it. */
  const file = async (spec: Spec, f: Filing, problems: string[], latencies: number[]) => {
    const token = await mint.citizen(f.citizen.pin, 2, { expiresIn: '1h' });
    f.startedAt = Date.now();
    const t = performance.now();
    const filed = await call(spec.key, spec.path, token, spec.body(f.citizen, today), {
      'idempotency-key': crypto.randomUUID(),
    });
    latencies.push(performance.now() - t);
    if (spec.key === 'residence-confirmation') {
      if (filed.status !== 201) return problems.push(`${f.citizen.pin}: confirmation ${filed.status}`);
      f.completedAt = Date.now();
      f.status = 'completed';
      meter.usage[spec.key].dossiers += 1;
      f.document = { number: String(filed.body.number), code: String(filed.body.verificationCode) };
      return;
    }
    if (filed.status !== 202 || typeof filed.body.id !== 'string') {
      return problems.push(`${f.citizen.pin}: intake ${filed.status} ${String(filed.body.message ?? '')}`);
    }
    const id = filed.body.id;
    f.id = id;
    meter.owners.set(id, spec.key);
    meter.usage[spec.key].dossiers += 1;
    if (filed.body.status === 'awaiting-payment') {
      const page = await call(spec.key, `/v1/dossiers/${id}/payment`, token, {});
      if (page.status !== 201) return problems.push(`${id}: payment page ${page.status}`);
      const { paymentUrl, txnRef } = page.body as { paymentUrl: string; txnRef: string };
      meter.owners.set(txnRef, spec.key);
      await (await fetch(paymentUrl)).arrayBuffer();
      const pressed = await fetch(`${cloud.paymentGateway.url}/paymentv2/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ tmnCode, txnRef, action: 'pay' }).toString(),
        redirect: 'manual',
      });
      if (pressed.status !== 302) return problems.push(`${id}: the gateway answered ${pressed.status}`);
      f.paid = true;
    }
    if (!spec.officer) return;
    const province = f.citizen.permanentResidence.provinceCode;
    const open = await waitFor(async () => {
      const step = await store.getStep(id, 'ServiceDecision');
      return step?.status === 'awaiting-officer' ? step : undefined;
    }, 120_000);
    if (!open) return problems.push(`${id}: never reached the officer`);
    const officer = await mint.officer(
      officers.get(province) ?? '',
      [{ agency: 'police', role: 'supervisor', provinceCode: province }],
      2,
      { expiresIn: '1h' },
    );
    const decided = await call(spec.key, `/v1/officer/tasks/${id}.ServiceDecision/decision`, officer, {
      decision: 'approve',
      reason: OUTCOME,
    });
    if (decided.status !== 200) problems.push(`${id}: decision ${decided.status} ${JSON.stringify(decided.body)}`);
  };

  /** The dossiers' ends as recorded, and what their approval wrote, checked once each. */
  const check = async (spec: Spec, filings: readonly Filing[], problems: string[]) => {
    const deadline = Date.now() + 10 * 60_000;
    for (const f of filings) {
      if (!f.id) continue;
      const id = f.id;
      const dossier = await waitFor(async () => {
        const d = await store.get(id);
        return d && !OPEN.has(d.status) ? d : undefined;
      }, deadline - Date.now());
      f.status = dossier?.status ?? 'still open';
      if (dossier?.status !== 'completed') {
        problems.push(`${id} ended ${f.status}`);
        continue;
      }
      f.completedAt = Date.parse(dossier.outcome?.at ?? '');
      const step = await store.getStep(id, 'ServiceDecision');
      if (spec.officer === (step?.automatic === true))
        problems.push(`${id}: decided automatically: ${step?.automatic}`);
      if (f.paid && !dossier.payment?.receipt) problems.push(`${id}: paid, completed without a receipt`);
      if (spec.key === 'service-04') {
        const { Items = [] } = await db.send(
          new QueryCommand({
            TableName: 'Population',
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
            ExpressionAttributeValues: { ':pk': `CITIZEN#${f.citizen.pin}`, ':h': 'HISTORY#' },
            ConsistentRead: true,
          }),
        );
        const entries = Items.filter((i) => i.action === 'temporary-residence-registered').length;
        if (entries !== 1) problems.push(`${id}: ${entries} temporary-residence history entries`);
      } else {
        const result = step?.result as { certificateNumber?: string; verificationCode?: string } | undefined;
        if (result?.certificateNumber)
          f.document = { number: result.certificateNumber, code: `${result.verificationCode}` };
        else problems.push(`${id}: no certificate`);
      }
    }
    // Every document issued once, and verifiable.
    const numbers = new Set<string>();
    for (const f of filings) {
      if (!f.document) continue;
      if (numbers.has(f.document.number)) problems.push(`${f.document.number} issued twice`);
      numbers.add(f.document.number);
      const shown = await fetch(`${cloud.apiUrl}/v1/documents/${f.document.number}?code=${f.document.code}`);
      if (shown.status !== 200) problems.push(`${f.document.number}: verification ${shown.status}`);
      await shown.arrayBuffer();
    }
  };

  const run = async (spec: Spec, count: number, concurrency: number, oneAtATime: boolean) => {
    const filings: Filing[] = (await pick(spec, count)).map((citizen) => ({ citizen, startedAt: 0 }));
    const problems: string[] = [];
    const latencies: number[] = [];
    const before = retries;
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < filings.length) {
          const f = filings[next++] as Filing;
          await file(spec, f, problems, latencies);
          if (oneAtATime && f.id) {
            const id = f.id;
            await waitFor(async () => ((d) => (d && !OPEN.has(d.status) ? d : undefined))(await store.get(id)), 60_000);
          }
        }
      }),
    );
    await check(spec, filings, problems);
    return { filings, problems, latencies, retries: retries - before, started };
  };

  const rows: ServiceRow[] = [];
  for (const spec of SPECS) {
    log(`services: ${spec.name}, ${options.dossiers} citizens at concurrency ${options.concurrency}`);
    const burst = await run(spec, options.dossiers, options.concurrency, false);
    const burstUsage = meter.usage[spec.key];
    log(`services: ${spec.name}, calm run of ${options.calm}, one at a time`);
    meter.usage = { ...meter.usage, [spec.key]: meter.freshUsage()[spec.key] };
    const calm = await run(spec, options.calm, 1, true);
    const calmUsage = meter.usage[spec.key];
    const done = burst.filings.filter((f) => f.status === 'completed' && f.completedAt !== undefined);
    const completions = done.map((f) => (f.completedAt as number) - f.startedAt).sort((a, b) => a - b);
    const last = Math.max(burst.started, ...done.map((f) => f.completedAt as number));
    const totalSeconds = (last - burst.started) / 1000;
    const statuses: Record<string, number> = {};
    for (const f of burst.filings) statuses[f.status ?? 'refused'] = (statuses[f.status ?? 'refused'] ?? 0) + 1;
    const use = perDossier(burstUsage, calmUsage);
    burst.latencies.sort((a, b) => a - b);
    rows.push({
      key: spec.key,
      name: spec.name,
      completion: spec.completion,
      dossiers: burst.filings.length,
      concurrency: options.concurrency,
      intakeP50Ms: percentile(burst.latencies, 50),
      intakeP99Ms: percentile(burst.latencies, 99),
      completionP50Ms: percentile(completions, 50),
      completionP99Ms: percentile(completions, 99),
      totalSeconds,
      dossiersPerSecond: done.length / Math.max(totalSeconds, 0.001),
      statuses,
      retries: burst.retries + calm.retries,
      paid: burst.filings.filter((f) => f.paid).length,
      problems: [...burst.problems, ...calm.problems.map((p) => `calm run: ${p}`)],
      perDossier: use,
      costPer1000: costPer1000(use),
    });
    log(`services: ${spec.name}: ${done.length} completed in ${totalSeconds.toFixed(1)} s`);
  }
  db.destroy();
  return { rows };
};
