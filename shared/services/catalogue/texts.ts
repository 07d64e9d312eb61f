/** What several entries of the catalogue cite alike: legal bases, documents and fee grounds. */
import type { Text } from './schema.ts';

/** A text in both languages. */
export const t = (vi: string, en: string): Text => ({ vi, en });
export const CRIMINAL_RECORD_FEES = 'Thông tư 244/2016/TT-BTC';
export const CIVIL_STATUS_LAW = 'Luật Hộ tịch 60/2014/QH13';
export const CIVIL_STATUS_DECREE = 'Nghị định 87/2020/NĐ-CP';
export const INTERCONNECTION_DECREE = 'Nghị định 63/2024/NĐ-CP';
export const BIRTH_CERTIFICATE = /* @__PURE__ */ t('Giấy khai sinh điện tử', 'Electronic birth certificate');
export const DEATH_EXTRACT = /* @__PURE__ */ t('Trích lục khai tử điện tử', 'Electronic death extract');
export const HOSPITAL_BIRTH_PAPER = /* @__PURE__ */ t(
  'Giấy chứng sinh của cơ sở y tế',
  "The hospital's birth certificate (giấy chứng sinh)",
);
export const DEATH_NOTICE = /* @__PURE__ */ t(
  'Giấy báo tử hoặc giấy tờ thay giấy báo tử',
  'Death notice, or a document standing for one',
);
