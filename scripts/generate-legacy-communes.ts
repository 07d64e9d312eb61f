/**
 * Generates shared/domain/admin-units/legacy-communes-data/: every commune-level unit of the 63 legacy provinces as
 * it stood on 2025-06-30, with the 2025 unit(s) it became part of. See shared/domain/admin-units/SOURCES.md for the
 * sources, how to obtain them, and what the checks below found.
 *
 *   npx tsx scripts/generate-legacy-communes.ts <sources-dir>
 *   npx tsx scripts/generate-legacy-communes-compact.ts   # the compact form the functions load, from these tables
 *
 * <sources-dir> holds:
 * - legacy-units-2025-03-01.sql: thanglequoc/vietnamese-provinces-database @ea50c903 postgresql/ImportData_vn_units.sql
 * - splits.json, merges.json: dvhcvn/20250701 @dd94887c mapping/
 * - bando-donvi-tinhthanh.json: thanglequoc/vietnamese-provinces-database @cd580632
 *   dataset-generation-scripts/sapnhap-bando-crawler/donvi_tinhthanh.json (sapnhap.bando.com.vn, crawled)
 *
 * The script fails (exit 1) when a legacy commune has no successor, a successor that is not a 2025 unit, or one in
 * another province than its legacy province became; it reports pairs that the cartographic source does not confirm.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMUNE_ROWS_BY_PROVINCE } from '../shared/domain/admin-units/communes-data/index.ts';
import { LEGACY_PROVINCES } from '../shared/domain/admin-units/legacy-provinces.ts';
import { foldForSearch } from '../shared/domain/names.ts';

const sourcesDir = process.argv[2];
if (!sourcesDir) {
  console.error('usage: tsx scripts/generate-legacy-communes.ts <sources-dir>');
  process.exit(2);
}
const OUT_DIR = join(import.meta.dirname, '../shared/domain/admin-units/legacy-communes-data');

/**
 * Pairs of the source mapping (splits.json) found wrong and corrected: old code → the successor codes to use, with
 * the basis. The first four were found by reading the resolutions (see SOURCES.md); the rest by the checks below.
 */
const CORRECTIONS: Readonly<Record<string, { readonly successors: readonly string[]; readonly basis: string }>> = {
  '09859': { successors: ['09871'], basis: 'NQ 1656 art. 1 cl. 104' },
  '13768': { successors: ['13753'], basis: 'NQ 1674; sapnhap.bando.com.vn' },
  '14380': { successors: ['14365'], basis: 'NQ 1674 cl. 128' },
  '14323': { successors: ['14329'], basis: 'NQ 1674 cl. 123' },
  '30622': { successors: ['30604'], basis: 'NQ 1654 art. 1 cl. 31 (source: Xã Tân Phú Trung of Đồng Tháp)' },
  '23938': { successors: ['23938'], basis: 'unchanged unit keeps its code (source: 23737, see SOURCES.md)' },
  // Same-name confusions found by the homonym check (a unit named in a clause of another district or kind):
  '10963': { successors: ['10966'], basis: 'NQ 1669: phường Long Xuyên of Kinh Môn went to phường Kinh Môn' },
  '13219': { successors: ['13219'], basis: 'NQ 1666: xã Đại Đồng took xã Việt Hưng (Văn Lâm)' },
  '14770': { successors: ['14797'], basis: 'NQ 1686: phường Hạc Thành' },
  '17647': { successors: ['17677'], basis: 'NQ 1678: xã Văn Hiến (xã Vĩnh Tường took xã Hoa Sơn)' },
  '17899': { successors: ['17827'], basis: 'NQ 1678: xã Nghi Lộc (xã Diễn Châu took xã Diễn Hoa)' },
  '19039': { successors: ['19030'], basis: 'NQ 1680: xã Trung Thuần (xã Nam Ba Đồn took xã Quảng Tiên)' },
  '20669': { successors: ['20669'], basis: 'NQ 1659: xã Quế Phước (phường Hải Châu took phường Phước Ninh)' },
  '04012': { successors: ['03980'], basis: 'NQ 1681: phường Mộc Châu names xã Chiềng Hắc' },
  '04111': { successors: ['04123'], basis: 'NQ 1681: xã Chiềng Mung (xã Mường Bang took xã Mường Bang)' },
  '21727': { successors: ['21727'], basis: 'NQ 1664: xã Kim Sơn (An Hòa, An Toàn took xã An Nghĩa)' },
  '24292': { successors: ['24301'], basis: 'NQ 1660: xã Cuôr Đăng names xã Ea Drơng' },
  '28924': { successors: ['28921'], basis: 'NQ 1687: xã Tân Thành Bình (xã Hòa Hiệp took Hòa Lộc of Tam Bình)' },
  '31379': { successors: ['31378'], basis: 'NQ 1668: xã Phú Hữu (xã Thuận Hòa took Phú Tân of Sóc Trăng)' },
  '31588': { successors: ['31579'], basis: 'NQ 1668: xã Long Hưng (phường Hưng Phú took phường Hưng Phú)' },
  '31771': { successors: ['31777'], basis: 'NQ 1668: xã Vĩnh Lợi names xã Vĩnh Thành' },
};

// ------------------------------------------------------------------------------------------ legacy units (NSO)

const sql = readFileSync(join(sourcesDir, 'legacy-units-2025-03-01.sql'), 'utf8');
const rowsOf = (table: string): string[][] => {
  const rows: string[][] = [];
  const blocks = sql.split(`INSERT INTO ${table}(`).slice(1);
  for (const block of blocks) {
    const body = block.slice(block.indexOf('VALUES') + 6, block.indexOf(';'));
    for (const m of body.matchAll(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
      const fields = [...(m[1] ?? '').matchAll(/'((?:[^']|'')*)'|([^,]+)/g)].map((f) =>
        f[1] !== undefined ? f[1].replaceAll("''", "'") : (f[2] ?? '').trim(),
      );
      rows.push(fields);
    }
  }
  return rows;
};
const clean = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

// districts(code,name,name_en,full_name,full_name_en,code_name,province_code,administrative_unit_id)
const districts = new Map<string, { fullName: string; province: string }>();
for (const f of rowsOf('districts')) {
  districts.set(f[0] as string, { fullName: clean(f[3] as string), province: `0${f[6]}` });
}
// wards(code,name,name_en,full_name,full_name_en,code_name,district_code,administrative_unit_id)
interface LegacyUnit {
  code: string;
  fullName: string;
  district: string;
  province: string;
}
const legacyUnits: LegacyUnit[] = [];
for (const f of rowsOf('wards')) {
  const district = districts.get(f[6] as string);
  if (!district) throw new Error(`ward ${f[0]}: unknown district ${f[6]}`);
  legacyUnits.push({
    code: f[0] as string,
    fullName: clean(f[3] as string),
    district: district.fullName,
    province: district.province,
  });
}
legacyUnits.sort((a, b) => (a.code < b.code ? -1 : 1));

// ------------------------------------------------------------------------------------------------ 2025 units

const newProvinceOf = new Map<string, string>();
const newNameOf = new Map<string, string>();
for (const [province, rows] of Object.entries(COMMUNE_ROWS_BY_PROVINCE)) {
  for (const [code, fullName] of rows) {
    newProvinceOf.set(code, province);
    newNameOf.set(code, fullName);
  }
}

// ---------------------------------------------------------------------------------------------- the mapping

interface SplitsFile {
  data: { level1_id: string; level3s: { level3_id: string; name: string; splits: { new_id: string }[] }[] }[];
}
const splits = JSON.parse(readFileSync(join(sourcesDir, 'splits.json'), 'utf8')) as SplitsFile;
const sourceMapping = new Map<string, string[]>();
for (const province of splits.data) {
  for (const unit of province.level3s) {
    sourceMapping.set(unit.level3_id, [...new Set(unit.splits.map((s) => s.new_id))]);
  }
}

interface MergesFile {
  data: { level2s: { level2_id: string; merges: { old_id: string }[] }[] }[];
}
const merges = JSON.parse(readFileSync(join(sourcesDir, 'merges.json'), 'utf8')) as MergesFile;
const predecessorsBySource = new Map<string, Set<string>>();
for (const province of merges.data) {
  for (const unit of province.level2s) {
    predecessorsBySource.set(unit.level2_id, new Set(unit.merges.map((m) => m.old_id)));
  }
}

interface BandoUnit {
  ma: string;
  ten: string;
  truocsapnhap: string;
}
const bando = JSON.parse(readFileSync(join(sourcesDir, 'bando-donvi-tinhthanh.json'), 'utf8')) as BandoUnit[];
const bandoText = new Map(bando.map((u) => [u.ma, foldForSearch(u.truocsapnhap)]));

/** Whether the cartographic source names the old unit (with its kind) among the new unit's predecessors. */
const bandoConfirms = (old: LegacyUnit, newCode: string): boolean | undefined => {
  const text = bandoText.get(newCode);
  if (text === undefined) return undefined;
  if (text.includes('giu nguyen') && newNameOf.get(newCode) === old.fullName) return true;
  const name = foldForSearch(old.fullName);
  const bare = name.replace(/^(phuong|xa|thi tran) /, '');
  const re = new RegExp(`(^|[ ,(])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[ ,)])`);
  if (re.test(text)) return true;
  // "các xã A, B và C": the kind is written once for a list.
  const kind = name.slice(0, name.length - bare.length).trim();
  const listed = new RegExp(`cac ${kind} [^;]*\\b${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[ ,)])`);
  return listed.test(text);
};

/** Loose form for comparing names across sources: no tone marks, spaces, hyphens or apostrophes; y and i alike. */
const loose = (text: string): string =>
  foldForSearch(text)
    .replace(/[\s'’‘`\-.]/g, '')
    .replaceAll('y', 'i');

/**
 * The clauses of the 34 resolutions (1654–1687/NQ-UBTVQH15) by the new unit they form: "N. Sắp xếp … thành xã mới có
 * tên gọi là **xã X**." Only used to confirm pairs; the text is the legal basis, not a parsed table.
 */
const clausesByNewName = new Map<string, string[]>();
const resolutionsDir = join(sourcesDir, 'resolutions');
for (const file of readdirSync(resolutionsDir)) {
  const text = readFileSync(join(resolutionsDir, file), 'utf8').replace(/\s+/g, ' ');
  for (const clause of text.split(/ \d+\\?\. (?=Sắp xếp|Thành lập|Nhập)/)) {
    const names = [...clause.matchAll(/\*\*(?:là )?((?:phường|xã|đặc khu) [^*]+)\*\*/gi)].map((m) => m[1] ?? '');
    const name = names.at(-1);
    if (!name) continue;
    const key = loose(name);
    clausesByNewName.set(key, [...(clausesByNewName.get(key) ?? []), loose(clause)]);
  }
}
const resolutionConfirms = (old: LegacyUnit, newCode: string): boolean | undefined => {
  const clauses = clausesByNewName.get(loose(newNameOf.get(newCode) ?? ''));
  if (!clauses) return undefined;
  const bare = loose(old.fullName.replace(/^(Phường|Xã|Thị trấn) /, ''));
  return clauses.some((c) => c.includes(bare));
};

// ------------------------------------------------------------------------------------------------ checks

const errors: string[] = [];
const unconfirmed: string[] = [];
const inconsistentWithMerges: string[] = [];
const legacyToNewProvince = new Map<string, string>(LEGACY_PROVINCES.map((p) => [p.code, p.newProvinceCode as string]));
const successorsOf = new Map<string, readonly string[]>();
const reached = new Set<string>();

for (const unit of legacyUnits) {
  const correction = CORRECTIONS[unit.code];
  const successors = correction ? [...correction.successors] : (sourceMapping.get(unit.code) ?? []);
  const expectedProvince = legacyToNewProvince.get(unit.province);
  if (!expectedProvince) errors.push(`${unit.code}: unknown legacy province ${unit.province}`);
  if (successors.length === 0) errors.push(`${unit.code} ${unit.fullName} (${unit.district}): no successor`);
  for (const code of successors) {
    const province = newProvinceOf.get(code);
    if (!province) errors.push(`${unit.code} ${unit.fullName}: successor ${code} is not a 2025 unit`);
    else if (province !== expectedProvince) {
      errors.push(`${unit.code} ${unit.fullName} (${unit.province}): successor ${code} is in ${province}`);
    }
    reached.add(code);
    if (!correction && !predecessorsBySource.get(code)?.has(unit.code)) {
      inconsistentWithMerges.push(`${unit.code}→${code}`);
    }
    if (bandoConfirms(unit, code) === false && resolutionConfirms(unit, code) !== true) {
      unconfirmed.push(
        `${unit.province} ${unit.code} ${unit.fullName} (${unit.district}) → ${code} ${newNameOf.get(code)}`,
      );
    }
  }
  successorsOf.set(unit.code, successors);
}
// Units the source maps but the NSO list of 2025-03-01 no longer holds (dissolved by the 2024–25 mergers).
const legacyCodes = new Set(legacyUnits.map((u) => u.code));
const notInLegacyList = [...sourceMapping.keys()].filter((code) => !legacyCodes.has(code));
for (const code of newProvinceOf.keys()) {
  if (!reached.has(code)) unconfirmed.push(`2025 unit ${code} ${newNameOf.get(code)} has no predecessor`);
}

// ------------------------------------------------------------------------------------------------- output

const KIND_LETTER: Readonly<Record<string, string>> = { 'Phường ': 'P', 'Xã ': 'X', 'Thị trấn ': 'T' };
const encode = (unit: LegacyUnit): string => {
  const prefix = Object.keys(KIND_LETTER).find((p) => unit.fullName.startsWith(p));
  if (!prefix) throw new Error(`${unit.code}: unknown kind in "${unit.fullName}"`);
  return `${unit.code}${KIND_LETTER[prefix]}${unit.fullName.slice(prefix.length)}>${(successorsOf.get(unit.code) ?? []).join(',')}`;
};

const byProvince = new Map<string, LegacyUnit[]>();
for (const unit of legacyUnits) byProvince.set(unit.province, [...(byProvince.get(unit.province) ?? []), unit]);

let bytes = 0;
for (const province of LEGACY_PROVINCES) {
  const units = byProvince.get(province.code) ?? [];
  if (units.length === 0) errors.push(`legacy province ${province.code}: no units`);
  const lines: string[] = [];
  let district = '';
  for (const unit of units) {
    if (unit.district !== district) {
      district = unit.district;
      lines.push(`=${district}`);
    }
    lines.push(encode(unit));
  }
  const body = lines.join('\n');
  bytes += Buffer.byteLength(body);
  writeFileSync(
    join(OUT_DIR, `${province.code}.ts`),
    `/**
 * Commune-level units of legacy province ${province.code} (${province.name}) on 2025-06-30 (${units.length}), with the 2025 unit(s)
 * each became. Generated by scripts/generate-legacy-communes.ts from the sources in ../SOURCES.md; do not edit.
 * Format (decoded by ../legacy-communes.ts): "=district" lines, then "<code><P|X|T><name>><successor codes>".
 */
export const LEGACY_COMMUNES_${province.code} = \`${body}\`;
`,
  );
}
writeFileSync(
  join(OUT_DIR, 'index.ts'),
  `/** Every legacy province's commune table (generated by scripts/generate-legacy-communes.ts; do not edit). */
${LEGACY_PROVINCES.map((p) => `import { LEGACY_COMMUNES_${p.code} } from './${p.code}.ts';`).join('\n')}

/** Encoded tables by 3-digit legacy province code; decoded on first use (../legacy-communes.ts). */
export const LEGACY_COMMUNE_TABLES: Readonly<Record<string, string>> = {
${LEGACY_PROVINCES.map((p) => `  '${p.code}': LEGACY_COMMUNES_${p.code},`).join('\n')}
};
`,
);

const split = [...successorsOf.values()].filter((s) => s.length > 1).length;
console.log(
  JSON.stringify(
    {
      legacyCommunes: legacyUnits.length,
      split,
      newUnitsReached: reached.size,
      corrections: Object.keys(CORRECTIONS).length,
      inconsistentWithMerges: inconsistentWithMerges.length,
      sourceCodesNotInLegacyList: notInLegacyList,
      unconfirmedByBando: unconfirmed.length,
      encodedBytes: bytes,
      errors: errors.length,
    },
    null,
    2,
  ),
);
writeFileSync(
  join(sourcesDir, 'report.txt'),
  [...errors, '--- unconfirmed', ...unconfirmed, '--- merges', ...inconsistentWithMerges].join('\n'),
);
if (errors.length > 0) {
  console.error(errors.slice(0, 50).join('\n'));
  process.exit(1);
}
