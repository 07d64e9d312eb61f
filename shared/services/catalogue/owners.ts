/** The agencies that own essential services, as of the 2025 reorganisation (data: owners change by decision). */
import type { Service } from './schema.ts';

type Owner = Service['owner'];

export const OWNERS = {
  publicSecurity: {
    agency: 'public-security',
    name: { vi: 'Bộ Công an', en: 'Ministry of Public Security' },
  },
  justice: {
    agency: 'justice',
    name: { vi: 'Bộ Tư pháp (Ủy ban nhân dân cấp xã)', en: "Ministry of Justice (commune People's Committee)" },
  },
  agricultureEnvironment: {
    agency: 'agriculture-environment',
    name: { vi: 'Bộ Nông nghiệp và Môi trường', en: 'Ministry of Agriculture and Environment' },
  },
  socialSecurity: {
    agency: 'social-security',
    name: { vi: 'Bảo hiểm xã hội Việt Nam (Bộ Tài chính)', en: 'Vietnam Social Security (Ministry of Finance)' },
  },
  finance: {
    agency: 'finance',
    name: { vi: 'Bộ Tài chính (Cục Thuế)', en: 'Ministry of Finance (Tax Department)' },
  },
  education: {
    agency: 'education',
    name: { vi: 'Bộ Giáo dục và Đào tạo', en: 'Ministry of Education and Training' },
  },
  homeAffairs: {
    agency: 'home-affairs',
    name: { vi: 'Bộ Nội vụ', en: 'Ministry of Home Affairs' },
  },
  evn: {
    agency: 'evn',
    name: { vi: 'Tập đoàn Điện lực Việt Nam (EVN)', en: 'Vietnam Electricity (EVN)' },
  },
} as const satisfies Record<string, Owner>;

/** A fee whose amount is set by a fee circular that changes: operators confirm it before relying on it. */
export const configuredFeeNote = (circular: string) => ({
  vi: `Mức phí là giá trị cấu hình theo ${circular}; cần đối chiếu văn bản hiện hành.`,
  en: `The amount is a configured value after ${circular}; check it against the fee circular in force.`,
});

/** No fee, hence nothing to exempt from. */
export const NO_FEE: Service['fee'] = { amountVnd: 0, exemptions: [] };

/** The boundary of a service decided in its owner's own system (docs/services.md, "The boundary"). */
export const DECIDED_IN_OWNER_SYSTEM = {
  vi: 'Hồ sơ được tiếp nhận tại đây và chờ cán bộ của cơ quan chủ quản; quyết định được thực hiện trên hệ thống của cơ quan đó và được ghi nhận lại tại đây.',
  en: "The dossier is received here and waits for the owner agency's officers; the decision is taken in that agency's own system and recorded here.",
};
