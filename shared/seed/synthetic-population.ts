/**
 * A deterministic synthetic population for development, tests and benchmarks: households with a head,
 * usually a spouse, children and sometimes an elderly parent; Vietnamese names with diacritics (NFC);
 * permanent residence in real communes of the 34 provinces, weighted by each province's population;
 * PINs that follow every rule of the format; health-insurance cards for most; old 9-digit ID numbers for
 * adults who would have had one; an ID card for everyone from 14 (shared/domain/id-card.ts).
 *
 * The sequence is stable: citizen i is the same whatever the total asked for, so a database seeded with
 * 20,000 citizens can later be extended to 1,000,000 by writing citizens 20,000 onwards.
 */
import { PROVINCES } from '../domain/admin-units/provinces.ts';
import type { Citizen, Sex } from '../domain/citizen.ts';
import { seededIdCard } from '../domain/id-card.ts';
import { composePin } from '../domain/pin.ts';
import { type Random, seededRandom } from './random.ts';

export interface SeedCommune {
  readonly code: string;
  readonly name: string;
}

export interface NameCorpus {
  readonly familyNames: readonly (readonly [string, number])[];
  readonly middleNames: Readonly<Record<Sex, readonly string[]>>;
  readonly givenNames: Readonly<Record<Sex, readonly string[]>>;
}

export interface SyntheticPopulationOptions {
  readonly communesOfProvince: (provinceCode: string) => readonly SeedCommune[];
  readonly names: NameCorpus;
  /** The population is generated as it stood on this date. Default 2026-07-01. */
  readonly referenceDate?: string;
  /** Changes the whole population. Default 'p06'. */
  readonly seed?: string;
}

/** Approximate populations (millions, 2024 estimates) of the 34 units: the seed's sampling weights, and the capacity model's populations. */
// biome-ignore format: a table reads better aligned
export const PROVINCE_WEIGHTS: Readonly<Record<string, number>> = {
  '01': 8.7, '04': 0.55, '08': 1.87, '11': 0.65, '12': 0.48, '14': 1.3, '15': 1.78, '19': 1.8, '20': 0.8,
  '22': 1.4, '24': 3.6, '25': 4.0, '31': 4.7, '33': 3.6, '37': 4.4, '38': 4.3, '40': 3.8, '42': 1.6, '44': 1.9,
  '46': 1.2, '48': 3.1, '51': 2.2, '52': 3.6, '56': 2.2, '66': 3.3, '68': 3.9, '75': 4.5, '79': 14.0, '80': 3.3,
  '82': 4.4, '86': 4.3, '91': 4.9, '92': 4.2, '96': 2.6,
};

// biome-ignore format: a table reads better aligned
const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['Kinh', 85.3], ['Tày', 1.9], ['Thái', 1.9], ['Mường', 1.5], ['Khmer', 1.4], ['Mông', 1.5], ['Nùng', 1.1],
  ['Hoa', 0.8], ['Dao', 0.9], ['Gia Rai', 0.5], ['Ê Đê', 0.4], ['Ba Na', 0.3], ['Chăm', 0.2],
];

const STREET_KINDS = ['Tổ dân phố', 'Thôn', 'Khu phố', 'Xóm'] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const yearsBefore = (isoDate: string, years: number, random: Random): string =>
  addDays(isoDate, -Math.round(years * 365.25) - random.int(0, 364));

const ageOn = (birthDate: string, onDate: string): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = onDate.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
};

/** Generates citizens lazily, in a stable order. */
export function* syntheticPopulation(options: SyntheticPopulationOptions): Generator<Citizen> {
  const referenceDate = options.referenceDate ?? '2026-07-01';
  const seed = options.seed ?? 'p06';
  const provinceWeights = PROVINCES.map((p) => [p, PROVINCE_WEIGHTS[p.code] ?? 1] as const);
  const serials = new Map<string, number>();
  let oldIdSerial = 0;
  let healthSerial = 0;

  const nextPin = (legacyProvinceCode: string, sex: Sex, birthDate: string): string => {
    const birthYear = Number(birthDate.slice(0, 4));
    const prefix = `${legacyProvinceCode}|${sex}|${birthYear}`;
    // Seeded serials start high so that serials issued later by the live PIN issuer (from 1) rarely meet them.
    const serial = (serials.get(prefix) ?? 500_000) + 1;
    serials.set(prefix, serial);
    return composePin({ legacyProvinceCode, sex, birthYear, serial });
  };

  for (let household = 0; ; household++) {
    const random = seededRandom(`${seed}:household:${household}`);
    const province = random.weighted(provinceWeights);
    const communes = options.communesOfProvince(province.code);
    if (communes.length === 0) throw new Error(`No communes known for province ${province.code}`);
    const commune = random.pick(communes);
    const householdId = `${province.code}${pad(household, 9)}`;
    const since = yearsBefore(referenceDate, random.int(0, 20), random);
    const address = `Số ${random.int(1, 250)}, ${random.pick(STREET_KINDS)} ${random.int(1, 25)}, ${commune.name}, ${province.name}`;
    const residence = { communeCode: commune.code, provinceCode: province.code, addressLine: address, since };
    const ethnicity = random.weighted(ETHNICITIES);
    // Most people were born in a province that is part of the unit they live in now.
    const birthProvince = () =>
      random.chance(0.88)
        ? random.chance(0.7)
          ? (province.mergedLegacyCodes[0] as string)
          : random.pick(province.mergedLegacyCodes)
        : random.pick(random.pick(PROVINCES).mergedLegacyCodes);

    const person = (
      sex: Sex,
      birthDate: string,
      familyName: string,
      extra: Partial<Citizen> & Pick<Citizen, 'relationToHead'>,
    ): Citizen => {
      const middle = random.pick(options.names.middleNames[sex]);
      const given = random.pick(options.names.givenNames[sex]);
      const pin = nextPin(birthProvince(), sex, birthDate);
      const age = ageOn(birthDate, referenceDate);
      const citizen: Citizen = {
        pin,
        fullName: `${familyName} ${middle} ${given}`.normalize('NFC'),
        sex,
        birthDate,
        status: 'alive',
        ethnicity,
        nationality: 'VN',
        permanentResidence: { ...residence, since: birthDate > since ? birthDate : since },
        householdId,
        ...extra,
      };
      if (random.chance(0.9)) {
        healthSerial++;
        const category = age < 6 ? 'TE' : age < 18 ? 'HS' : age >= 60 ? 'HT' : random.pick(['DN', 'GD', 'HC']);
        const validUntil =
          category === 'TE' ? addDays(birthDate, Math.round(6 * 365.25) - 1) : `${referenceDate.slice(0, 4)}-12-31`;
        citizen.healthInsurance = {
          number: `${category}${category === 'TE' ? 1 : random.int(2, 4)}${province.code}${pad((healthSerial * 7919) % 10_000_000_000, 10)}`,
          validFrom:
            `${referenceDate.slice(0, 4)}-01-01` < birthDate ? birthDate : `${referenceDate.slice(0, 4)}-01-01`,
          validUntil,
          facilityCode: `${province.code}${pad(random.int(1, 250), 3)}`,
        };
      }
      if (age >= 14 && Number(birthDate.slice(0, 4)) < 2006 && random.chance(0.8)) {
        oldIdSerial++;
        citizen.oldIdNumber = pad(100_000_000 + ((oldIdSerial * 48_271) % 899_999_999), 9);
      }
      // Derived without a random draw, so every other value of the sequence stays as it was.
      const idCard = seededIdCard(pin, birthDate, referenceDate);
      if (idCard) citizen.idCard = idCard;
      if (age >= 18 && random.chance(0.05)) {
        const elsewhere = random.pick(PROVINCES);
        const place = random.pick(options.communesOfProvince(elsewhere.code));
        citizen.temporaryResidence = {
          communeCode: place.code,
          provinceCode: elsewhere.code,
          addressLine: `Phòng ${random.int(101, 909)}, ${place.name}, ${elsewhere.name}`,
          since: addDays(referenceDate, -random.int(30, 1500)),
        };
      }
      return citizen;
    };

    const headSex: Sex = random.chance(0.72) ? 'male' : 'female';
    const headAge = random.int(22, 82);
    const familyName = random.weighted(options.names.familyNames);
    const head = person(headSex, yearsBefore(referenceDate, headAge, random), familyName, { relationToHead: 'head' });
    const members: Citizen[] = [head];
    let spouse: Citizen | undefined;
    if (headAge >= 22 && random.chance(0.78)) {
      const spouseAge = Math.max(20, Math.min(90, headAge + random.int(-5, 5)));
      spouse = person(
        headSex === 'male' ? 'female' : 'male',
        yearsBefore(referenceDate, spouseAge, random),
        random.weighted(options.names.familyNames),
        {
          relationToHead: 'spouse',
          spousePin: head.pin,
        },
      );
      head.spousePin = spouse.pin;
      members.push(spouse);
    }
    const father = head.sex === 'male' ? head : spouse;
    const mother = head.sex === 'female' ? head : spouse;
    const youngest = Math.min(
      ageOn(head.birthDate, referenceDate),
      spouse ? ageOn(spouse.birthDate, referenceDate) : 99,
    );
    const childCount =
      youngest < 20
        ? 0
        : random.weighted([
            [0, 15],
            [1, 30],
            [2, 40],
            [3, 12],
            [4, 3],
          ] as const);
    for (let c = 0; c < childCount; c++) {
      const childAge = random.int(0, Math.min(youngest - 19, 40));
      const sex: Sex = random.chance(0.51) ? 'male' : 'female';
      // Children take their father's family name.
      const childFamilyName = (father ?? mother ?? head).fullName.split(' ')[0] ?? familyName;
      const child = person(sex, yearsBefore(referenceDate, childAge, random), childFamilyName, {
        relationToHead: 'child',
        ...(father ? { fatherPin: father.pin } : {}),
        ...(mother ? { motherPin: mother.pin } : {}),
      });
      members.push(child);
    }
    if (headAge < 55 && random.chance(0.12)) {
      const elderAge = Math.min(100, headAge + random.int(20, 35));
      members.push(
        person(random.chance(0.6) ? 'female' : 'male', yearsBefore(referenceDate, elderAge, random), familyName, {
          relationToHead: 'parent',
        }),
      );
    }
    if (random.chance(0.01)) {
      const deceased = members[members.length - 1] as Citizen;
      if (deceased !== head) {
        deceased.status = 'deceased';
        deceased.deathDate = addDays(referenceDate, -random.int(1, 900));
        if (deceased.deathDate < deceased.birthDate) deceased.deathDate = deceased.birthDate;
      }
    }
    yield* members;
  }
}

/** The first `count` citizens of the synthetic population, or those in [from, to). */
export const syntheticCitizens = (options: SyntheticPopulationOptions, from: number, to: number): Citizen[] => {
  const result: Citizen[] = [];
  let index = 0;
  for (const citizen of syntheticPopulation(options)) {
    if (index >= to) break;
    if (index >= from) result.push(citizen);
    index++;
  }
  return result;
};
