/**
 * A realistic health-insurance export built from the population in the NPDB (read with a parallel Scan): N lines
 * for living citizens, with chosen shares of mismatched names or birth dates, unknown PINs, duplicated lines and
 * malformed lines, in JSON Lines or CSV. It also says exactly what a sync of it must report (`expected`), so tests
 * and the bench can check the reconciliation to the record.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { HealthInsuranceCardRecord } from '../../../shared/bulk-sync/sources.ts';
import type { HealthInsurance } from '../../../shared/domain/citizen.ts';

export interface ExportShares {
  readonly mismatched: number;
  readonly unknownPin: number;
  readonly duplicates: number;
  readonly malformed: number;
  /** Share of matching records that carry a new card (the rest repeat the card the citizen already has). */
  readonly newCards: number;
}

export const DEFAULT_SHARES: ExportShares = {
  mismatched: 0.04,
  unknownPin: 0.02,
  duplicates: 0.01,
  malformed: 0.005,
  newCards: 0.5,
};

export interface ExpectedReport {
  readonly lines: number;
  readonly matched: number;
  readonly linked: number;
  readonly alreadyLinked: number;
  readonly mismatched: number;
  readonly unknownPin: number;
  readonly duplicates: number;
  readonly malformed: number;
  readonly failed: number;
  readonly mismatchReasons: Record<string, number>;
}

export interface GeneratedExport {
  readonly text: string;
  readonly expected: ExpectedReport;
  /** PINs whose record the sync must change, with the card it must carry. */
  readonly linkedCards: ReadonlyMap<string, HealthInsurance>;
}

interface CitizenRow {
  pin: string;
  fullName: string;
  birthDate: string;
  healthInsurance?: HealthInsurance;
  provinceCode: string;
}

/** Living citizens of the Population table (pk CITIZEN#…, sk PROFILE), in PIN order. */
export const scanLivingCitizens = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  segments = 4,
): Promise<CitizenRow[]> => {
  const rows: CitizenRow[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      for await (const page of paginateScan(
        { client },
        {
          TableName: tableName,
          Segment: segment,
          TotalSegments: segments,
          FilterExpression: '#type = :citizen AND #status = :alive',
          ProjectionExpression: 'pin, fullName, birthDate, healthInsurance, permanentResidence.provinceCode',
          ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
          ExpressionAttributeValues: { ':citizen': 'citizen', ':alive': 'alive' },
        },
      )) {
        for (const item of page.Items ?? []) {
          rows.push({
            pin: String(item.pin),
            fullName: String(item.fullName),
            birthDate: String(item.birthDate),
            ...(item.healthInsurance ? { healthInsurance: item.healthInsurance as HealthInsurance } : {}),
            provinceCode: String(
              (item.permanentResidence as { provinceCode?: string } | undefined)?.provinceCode ?? '01',
            ),
          });
        }
      }
    }),
  );
  return rows.sort((a, b) => a.pin.localeCompare(b.pin));
};

/** mulberry32: a small seeded generator, so an export can be made again exactly. */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
};

const COLUMNS = ['cardNumber', 'pin', 'fullName', 'birthDate', 'validFrom', 'validUntil', 'facilityCode'] as const;

const shiftDate = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Builds an export of `lines` lines from `citizens` (at least the matching and mismatched lines' worth). */
export const generateExport = (
  citizens: readonly CitizenRow[],
  options: { lines: number; format: 'jsonl' | 'csv'; shares?: Partial<ExportShares>; seed?: number; year?: number },
): GeneratedExport => {
  const shares = { ...DEFAULT_SHARES, ...options.shares };
  const random = seeded(options.seed ?? 6);
  const year = options.year ?? new Date().getUTCFullYear();
  const n = options.lines;
  const mismatched = Math.round(n * shares.mismatched);
  const unknown = Math.round(n * shares.unknownPin);
  const duplicates = Math.round(n * shares.duplicates);
  const malformed = Math.round(n * shares.malformed);
  const good = n - mismatched - unknown - duplicates - malformed;
  if (good < 0) throw new Error('The shares add up to more than the whole export');
  if (good + mismatched > citizens.length)
    throw new Error(`${good + mismatched} distinct citizens needed, the NPDB has ${citizens.length} living ones`);
  const pool = [...citizens];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pool[i], pool[j]] = [pool[j] as CitizenRow, pool[i] as CitizenRow];
  }
  const known = new Set(citizens.map((c) => c.pin));
  const living = new Set(known);
  let cardSerial = random.int(1, 1_000_000);
  const newCard = (c: CitizenRow): HealthInsurance => {
    cardSerial++;
    return {
      number: `GD4${c.provinceCode}${String((cardSerial * 7_919) % 10_000_000_000).padStart(10, '0')}`,
      validFrom: `${year}-01-01` < c.birthDate ? c.birthDate : `${year}-01-01`,
      validUntil: `${year}-12-31`,
      facilityCode: `${c.provinceCode}${String(random.int(1, 250)).padStart(3, '0')}`,
    };
  };
  const record = (c: CitizenRow, card: HealthInsurance): HealthInsuranceCardRecord => ({
    cardNumber: card.number,
    pin: c.pin,
    fullName: c.fullName,
    birthDate: c.birthDate,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    facilityCode: card.facilityCode,
  });
  const lines: (HealthInsuranceCardRecord | string)[] = [];
  const linkedCards = new Map<string, HealthInsurance>();
  const mismatchReasons: Record<string, number> = {};
  let alreadyLinked = 0;
  for (const c of pool.slice(0, good)) {
    const keep = c.healthInsurance && random.next() >= shares.newCards;
    const card = keep && c.healthInsurance ? c.healthInsurance : newCard(c);
    if (keep) alreadyLinked++;
    else linkedCards.set(c.pin, card);
    lines.push(record(c, card));
  }
  for (const [i, c] of pool.slice(good, good + mismatched).entries()) {
    const r = record(c, newCard(c));
    const kind = i % 3;
    const reasons: string[] = [];
    if (kind !== 1) {
      reasons.push('fullName differs');
      r.fullName = `${c.fullName.split(' ').slice(0, -1).join(' ')} ${c.fullName.endsWith('An') ? 'Bình' : 'An'}`;
    }
    if (kind !== 0) {
      reasons.push('birthDate differs');
      // Earlier, never later: the card's validity still starts on or after the (wrong) birth date.
      r.birthDate = shiftDate(c.birthDate, -random.int(1, 40));
    }
    for (const reason of reasons) mismatchReasons[reason] = (mismatchReasons[reason] ?? 0) + 1;
    lines.push(r);
  }
  for (let i = 0; i < unknown; i++) {
    let pin: string;
    do pin = `0990${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
    while (known.has(pin));
    known.add(pin);
    const c = { pin, fullName: 'Nguyễn Văn Vô Danh', birthDate: '1990-01-01', provinceCode: '01' };
    lines.push(record(c, newCard(c)));
  }
  for (let i = lines.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [lines[i], lines[j]] = [lines[j] as HealthInsuranceCardRecord, lines[i] as HealthInsuranceCardRecord];
  }
  // Duplicates repeat a matching line somewhere after it; malformed lines go anywhere.
  const goodLines = lines.filter((l): l is HealthInsuranceCardRecord => typeof l !== 'string' && living.has(l.pin));
  for (let i = 0; i < duplicates; i++) {
    const original = goodLines[i % goodLines.length] as HealthInsuranceCardRecord;
    const at = lines.indexOf(original);
    lines.splice(random.int(at + 1, lines.length), 0, { ...original });
  }
  for (let i = 0; i < malformed; i++) {
    const broken =
      i % 2 === 0
        ? options.format === 'jsonl'
          ? '{"cardNumber": "GD4010000000001", "pin": "0010'
          : 'GD4010000000001,001090000001,Trần Thị Hỏng'
        : {
            cardNumber: 'XX12',
            pin: '12345',
            fullName: 'Lê Văn Sai',
            birthDate: '1990-02-30',
            validFrom: '2026-01-01',
            validUntil: '2026-12-31',
            facilityCode: '01001',
          };
    lines.splice(random.int(0, lines.length), 0, broken as HealthInsuranceCardRecord);
  }
  const text =
    options.format === 'jsonl'
      ? lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')
      : [COLUMNS.join(','), ...lines.map((l) => (typeof l === 'string' ? l : COLUMNS.map((c) => l[c]).join(',')))].join(
          '\n',
        );
  return {
    text: `${text}\n`,
    expected: {
      lines: n,
      matched: good,
      linked: good - alreadyLinked,
      alreadyLinked,
      mismatched,
      unknownPin: unknown,
      duplicates,
      malformed,
      failed: 0,
      mismatchReasons,
    },
    linkedCards,
  };
};
