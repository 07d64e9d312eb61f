/**
 * Population statistics kept current on write. Each province has one aggregate holding, per sex and
 * month of birth, how many living citizens have their permanent residence there. Counting by month of
 * birth (not by age) means an aggregate never goes stale as people grow older; ages are derived when
 * read, as completed years at the end of the reference month.
 */
import { PROVINCES } from '../domain/admin-units/provinces.ts';
import type { Citizen, Sex } from '../domain/citizen.ts';
import { FIVE_YEAR_AGE_GROUPS, fiveYearAgeGroup } from '../domain/dates.ts';

/** Key of one counter inside a province aggregate: sex and month of birth, e.g. `F#2019-05`. */
export type CounterKey = `${'M' | 'F'}#${string}`;

export type ProvinceCounters = Readonly<Record<string, number>>;

export interface ProvinceAggregate {
  readonly provinceCode: string;
  readonly counters: ProvinceCounters;
}

/** A change to the counters of one province caused by one write. */
export interface CounterDelta {
  readonly provinceCode: string;
  readonly key: CounterKey;
  readonly by: 1 | -1;
}

export const counterKey = (sex: Sex, birthDate: string): CounterKey =>
  `${sex === 'male' ? 'M' : 'F'}#${birthDate.slice(0, 7)}`;

/** Whether a record counts towards the population: living citizens only. */
const counts = (citizen: Pick<Citizen, 'status'> | undefined): boolean => citizen?.status === 'alive';

/**
 * The counter changes that turn the statistics of `before` into those of `after` (either may be absent
 * for a creation or a deletion). Writers apply them in the same transaction as the record.
 */
export const statisticsDelta = (
  before: Pick<Citizen, 'status' | 'sex' | 'birthDate' | 'permanentResidence'> | undefined,
  after: Pick<Citizen, 'status' | 'sex' | 'birthDate' | 'permanentResidence'> | undefined,
): CounterDelta[] => {
  const deltas: CounterDelta[] = [];
  const oldKey =
    counts(before) && before
      ? `${before.permanentResidence.provinceCode}|${counterKey(before.sex, before.birthDate)}`
      : undefined;
  const newKey =
    counts(after) && after
      ? `${after.permanentResidence.provinceCode}|${counterKey(after.sex, after.birthDate)}`
      : undefined;
  if (oldKey === newKey) return deltas;
  if (before && oldKey) {
    deltas.push({
      provinceCode: before.permanentResidence.provinceCode,
      key: counterKey(before.sex, before.birthDate),
      by: -1,
    });
  }
  if (after && newKey) {
    deltas.push({
      provinceCode: after.permanentResidence.provinceCode,
      key: counterKey(after.sex, after.birthDate),
      by: 1,
    });
  }
  return deltas;
};

/** Completed years at the end of `asOfMonth` (YYYY-MM) of someone born in `birthMonth` (YYYY-MM). */
export const ageAtEndOfMonth = (birthMonth: string, asOfMonth: string): number => {
  const [by, bm] = birthMonth.split('-').map(Number) as [number, number];
  const [ay, am] = asOfMonth.split('-').map(Number) as [number, number];
  return ay - by - (bm > am ? 1 : 0);
};

export interface SexCounts {
  male: number;
  female: number;
  total: number;
}

export interface ProvinceStatistics {
  readonly code: string;
  readonly name: string;
  readonly total: number;
  readonly bySex: SexCounts;
  readonly byAgeGroup: Record<string, SexCounts>;
}

export interface PopulationStatistics {
  /** Reference month: ages are completed years at its end. */
  readonly asOfMonth: string;
  readonly total: number;
  readonly bySex: SexCounts;
  readonly byAgeGroup: Record<string, SexCounts>;
  readonly provinces: ProvinceStatistics[];
}

const emptyGroups = (): Record<string, SexCounts> =>
  Object.fromEntries(FIVE_YEAR_AGE_GROUPS.map((g) => [g, { male: 0, female: 0, total: 0 }]));

const add = (into: SexCounts, sex: 'M' | 'F', n: number) => {
  if (sex === 'M') into.male += n;
  else into.female += n;
  into.total += n;
};

/** Folds province aggregates into counts by province, sex and five-year age group. */
export const summarise = (
  aggregates: readonly ProvinceAggregate[],
  asOfMonth: string,
  onlyProvince?: string,
): PopulationStatistics => {
  const national = { bySex: { male: 0, female: 0, total: 0 }, byAgeGroup: emptyGroups() };
  const byCode = new Map(aggregates.map((a) => [a.provinceCode, a.counters]));
  const provinces: ProvinceStatistics[] = [];
  for (const province of PROVINCES) {
    const bySex = { male: 0, female: 0, total: 0 };
    const byAgeGroup = emptyGroups();
    for (const [key, n] of Object.entries(byCode.get(province.code) ?? {})) {
      const [sex, birthMonth] = key.split('#') as ['M' | 'F', string];
      if (!n || (sex !== 'M' && sex !== 'F') || !birthMonth) continue;
      const age = Math.max(0, ageAtEndOfMonth(birthMonth, asOfMonth));
      const group = fiveYearAgeGroup(age);
      for (const target of [bySex, national.bySex]) add(target, sex, n);
      for (const groups of [byAgeGroup, national.byAgeGroup]) add(groups[group] as SexCounts, sex, n);
    }
    if (!onlyProvince || onlyProvince === province.code) {
      provinces.push({ code: province.code, name: province.name, total: bySex.total, bySex, byAgeGroup });
    }
  }
  return { asOfMonth, total: national.bySex.total, bySex: national.bySex, byAgeGroup: national.byAgeGroup, provinces };
};
