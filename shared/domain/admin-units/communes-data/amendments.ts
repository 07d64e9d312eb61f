/**
 * Changes made after 1 July 2025 to units that kept their code. Each row starts a new version of the unit; the
 * previous version ends the day before. Sources and confidence: ../SOURCES.md.
 */
import type { CommuneAmendmentRow } from './types.ts';

/** Resolution 237/NQ-UBTVQH16 (with Resolution 30/2026/QH16 making Đồng Nai a centrally-run city): 10 xã became phường. */
const DONG_NAI_2026 = '237/NQ-UBTVQH16';
const DONG_NAI_2026_FROM = '2026-04-30';

export const COMMUNE_AMENDMENTS: readonly CommuneAmendmentRow[] = [
  ['25270', 'Phường Lộc Ninh', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['25357', 'Phường Tân Khai', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['25363', 'Phường Đồng Phú', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26116', 'Phường Tân Phú', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26170', 'Phường Trị An', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26248', 'Phường Trảng Bom', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26326', 'Phường Dầu Giây', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26368', 'Phường Long Thành', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26425', 'Phường Xuân Lộc', DONG_NAI_2026_FROM, DONG_NAI_2026],
  ['26485', 'Phường Nhơn Trạch', DONG_NAI_2026_FROM, DONG_NAI_2026],
];
