/**
 * Realistic Vietnamese names for synthetic population data (seeds, load tests, demos). Family-name weights follow
 * the commonly cited shares of the population (Nguyễn about 38%, Trần about 11%, Lê about 9.5%, …) and add up to
 * about 100; the remaining long tail of rarer family names is left out. Middle and given names are weighted by how common
 * they are for each sex, roughly. All strings are NFC with their proper diacritics.
 */
import type { Sex } from './pin.ts';

export interface WeightedName {
  readonly name: string;
  readonly weight: number;
}

export const FAMILY_NAMES: readonly WeightedName[] = [
  { name: 'Nguyễn', weight: 38.4 },
  { name: 'Trần', weight: 11.0 },
  { name: 'Lê', weight: 9.5 },
  { name: 'Phạm', weight: 7.0 },
  { name: 'Hoàng', weight: 3.3 },
  { name: 'Huỳnh', weight: 1.8 },
  { name: 'Phan', weight: 4.5 },
  { name: 'Vũ', weight: 2.3 },
  { name: 'Võ', weight: 1.6 },
  { name: 'Đặng', weight: 2.1 },
  { name: 'Bùi', weight: 2.0 },
  { name: 'Đỗ', weight: 1.4 },
  { name: 'Hồ', weight: 1.3 },
  { name: 'Ngô', weight: 1.3 },
  { name: 'Dương', weight: 1.0 },
  { name: 'Lý', weight: 0.5 },
  { name: 'Đinh', weight: 0.6 },
  { name: 'Trương', weight: 0.6 },
  { name: 'Đào', weight: 0.4 },
  { name: 'Mai', weight: 0.4 },
  { name: 'Lương', weight: 0.3 },
  { name: 'Cao', weight: 0.3 },
  { name: 'Lâm', weight: 0.3 },
  { name: 'Tạ', weight: 0.2 },
  { name: 'Đoàn', weight: 0.6 },
  { name: 'Trịnh', weight: 0.6 },
  { name: 'Hà', weight: 0.6 },
  { name: 'Vương', weight: 0.5 },
  { name: 'Phùng', weight: 0.5 },
  { name: 'Lưu', weight: 0.5 },
  { name: 'Nông', weight: 0.5 },
  { name: 'Tô', weight: 0.4 },
  { name: 'Châu', weight: 0.4 },
  { name: 'Triệu', weight: 0.4 },
  { name: 'Kiều', weight: 0.3 },
  { name: 'Quách', weight: 0.3 },
  { name: 'Thái', weight: 0.3 },
  { name: 'La', weight: 0.3 },
  { name: 'Chu', weight: 0.3 },
  { name: 'Thân', weight: 0.3 },
  { name: 'Lục', weight: 0.3 },
];

export const MIDDLE_NAMES: Readonly<Record<Sex, readonly WeightedName[]>> = {
  male: [
    { name: 'Văn', weight: 40 },
    { name: 'Hữu', weight: 7 },
    { name: 'Đức', weight: 7 },
    { name: 'Minh', weight: 7 },
    { name: 'Quang', weight: 5 },
    { name: 'Công', weight: 4 },
    { name: 'Ngọc', weight: 4 },
    { name: 'Thanh', weight: 4 },
    { name: 'Xuân', weight: 3 },
    { name: 'Quốc', weight: 3 },
    { name: 'Trọng', weight: 3 },
    { name: 'Gia', weight: 3 },
    { name: 'Hoàng', weight: 2 },
    { name: 'Anh', weight: 2 },
    { name: 'Duy', weight: 2 },
    { name: 'Tiến', weight: 2 },
    { name: 'Bảo', weight: 2 },
  ],
  female: [
    { name: 'Thị', weight: 45 },
    { name: 'Ngọc', weight: 8 },
    { name: 'Thu', weight: 6 },
    { name: 'Thanh', weight: 5 },
    { name: 'Minh', weight: 4 },
    { name: 'Thùy', weight: 4 },
    { name: 'Phương', weight: 4 },
    { name: 'Bảo', weight: 3 },
    { name: 'Kim', weight: 3 },
    { name: 'Hồng', weight: 3 },
    { name: 'Khánh', weight: 3 },
    { name: 'Diệu', weight: 2 },
    { name: 'Mai', weight: 2 },
    { name: 'Hải', weight: 2 },
    { name: 'Quỳnh', weight: 2 },
    { name: 'Thảo', weight: 2 },
    { name: 'Hoài', weight: 2 },
  ],
};

const equal = (names: readonly string[]): readonly WeightedName[] => names.map((name) => ({ name, weight: 1 }));

export const GIVEN_NAMES: Readonly<Record<Sex, readonly WeightedName[]>> = {
  male: equal([
    'An',
    'Anh',
    'Bảo',
    'Bình',
    'Cường',
    'Chiến',
    'Công',
    'Dũng',
    'Duy',
    'Dương',
    'Đạt',
    'Đức',
    'Định',
    'Đông',
    'Giang',
    'Hải',
    'Hiếu',
    'Hiệp',
    'Hòa',
    'Hoàng',
    'Hùng',
    'Huy',
    'Hưng',
    'Khang',
    'Khánh',
    'Khoa',
    'Kiên',
    'Lâm',
    'Long',
    'Lộc',
    'Lợi',
    'Mạnh',
    'Minh',
    'Nam',
    'Nghĩa',
    'Nhân',
    'Phát',
    'Phong',
    'Phúc',
    'Phương',
    'Quân',
    'Quang',
    'Quý',
    'Sơn',
    'Tài',
    'Tâm',
    'Thắng',
    'Thành',
    'Thiện',
    'Thịnh',
    'Toàn',
    'Trí',
    'Trung',
    'Trường',
    'Tuấn',
    'Tùng',
    'Việt',
    'Vinh',
    'Vũ',
    'Hậu',
  ]),
  female: equal([
    'An',
    'Anh',
    'Ánh',
    'Bích',
    'Châu',
    'Chi',
    'Dung',
    'Duyên',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hiền',
    'Hoa',
    'Hòa',
    'Hồng',
    'Huệ',
    'Hương',
    'Huyền',
    'Lan',
    'Liên',
    'Linh',
    'Loan',
    'Ly',
    'Mai',
    'My',
    'Nga',
    'Ngân',
    'Ngọc',
    'Nhung',
    'Nhi',
    'Oanh',
    'Phương',
    'Quyên',
    'Quỳnh',
    'Tâm',
    'Thảo',
    'Thanh',
    'Thắm',
    'Thơ',
    'Thu',
    'Thúy',
    'Thủy',
    'Thư',
    'Trang',
    'Trâm',
    'Trinh',
    'Tú',
    'Tuyết',
    'Uyên',
    'Vân',
    'Vi',
    'Vy',
    'Xuân',
    'Yến',
    'Diệp',
    'Đào',
    'Hải',
    'Khánh',
    'Lệ',
  ]),
};

/** Picks one entry of a weighted list with a random number in [0, 1), so callers control seeding. */
export const pickWeighted = (names: readonly WeightedName[], random: () => number): string => {
  const total = names.reduce((sum, entry) => sum + entry.weight, 0);
  let remaining = random() * total;
  for (const entry of names) {
    remaining -= entry.weight;
    if (remaining < 0) return entry.name;
  }
  const last = names.at(-1);
  if (!last) throw new RangeError('Cannot pick a name from an empty list.');
  return last.name;
};

/** A synthetic full name for a person of the given sex: family, one middle and one given name ("Nguyễn Thị Lan"). */
export const syntheticFullName = (sex: Sex, random: () => number): string =>
  [
    pickWeighted(FAMILY_NAMES, random),
    pickWeighted(MIDDLE_NAMES[sex], random),
    pickWeighted(GIVEN_NAMES[sex], random),
  ].join(' ');

/** The corpus in the plain shape the seed generator takes: weighted family names, unweighted middle and given names. */
export interface NameCorpus {
  readonly familyNames: readonly (readonly [string, number])[];
  readonly middleNames: Readonly<Record<Sex, readonly string[]>>;
  readonly givenNames: Readonly<Record<Sex, readonly string[]>>;
}

const plain = (names: readonly WeightedName[]): readonly string[] => names.map((entry) => entry.name);

/** Everything above as one object, for `syntheticCitizens({ names: NAME_CORPUS, … })`. */
export const NAME_CORPUS: NameCorpus = {
  familyNames: FAMILY_NAMES.map((entry) => [entry.name, entry.weight] as const),
  middleNames: { male: plain(MIDDLE_NAMES.male), female: plain(MIDDLE_NAMES.female) },
  givenNames: { male: plain(GIVEN_NAMES.male), female: plain(GIVEN_NAMES.female) },
};
