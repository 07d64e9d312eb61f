/**
 * The fee exemptions the catalogue's entries share, as data (schema.ts, `FeeExemptionSchema`). Which grounds a fee
 * circular grants, and from what age, is configuration to confirm against the circular in force (each entry's
 * `note`), as the amounts themselves are.
 */
import type { FeeExemption, Text } from './schema.ts';

const t = (vi: string, en: string): Text => ({ vi, en });

const toConfirm = (circular: string): Text => ({
  vi: `Diện miễn là giá trị cấu hình theo ${circular}; cần đối chiếu văn bản hiện hành.`,
  en: `The ground is configured after ${circular}; check it against the fee circular in force.`,
});

/** A ground stated for information: the amount charged already applies it (or the `note` says why not). */
export const described = (id: string, text: Text, legalBasis: string, note?: Text): FeeExemption => ({
  id,
  text,
  legalBasis,
  establishedBy: { kind: 'described' },
  ...(note ? { note } : {}),
});

/** The grounds a citizen declares with evidence, which the deciding officer then confirms. */
export const declaredGrounds = (legalBasis: string) =>
  ({
    poorHousehold: {
      id: 'poor-household',
      text: t('Người thuộc hộ nghèo', 'Member of a poor household'),
      legalBasis,
      establishedBy: {
        kind: 'declaration',
        evidence: t('Số giấy chứng nhận hộ nghèo', 'Number of the poor-household certificate'),
      },
      note: toConfirm(legalBasis),
    },
    revolutionMerit: {
      id: 'revolution-merit',
      text: t(
        'Người có công với cách mạng và thân nhân liệt sĩ',
        "Person with meritorious service to the revolution, or a martyr's relative",
      ),
      legalBasis,
      establishedBy: {
        kind: 'declaration',
        evidence: t(
          'Số thẻ hoặc quyết định công nhận người có công',
          'Number of the merit card or of the recognition decision',
        ),
      },
      note: toConfirm(legalBasis),
    },
    disability: {
      id: 'disability',
      text: t('Người khuyết tật', 'Person with a disability'),
      legalBasis,
      establishedBy: {
        kind: 'declaration',
        evidence: t('Số giấy xác nhận khuyết tật', 'Number of the disability certificate'),
      },
      note: toConfirm(legalBasis),
    },
    orphan: {
      id: 'orphan-under-18',
      text: t('Người dưới 18 tuổi mồ côi cả cha và mẹ', 'Under 18 and orphaned of both parents'),
      legalBasis,
      establishedBy: {
        kind: 'declaration',
        evidence: t(
          'Số giấy tờ xác nhận hoàn cảnh mồ côi (Ủy ban nhân dân cấp xã)',
          "Number of the commune People's Committee's confirmation of the orphanhood",
        ),
      },
      note: toConfirm(legalBasis),
    },
  }) satisfies Record<string, FeeExemption>;

/** A ground the NPDB establishes from the applicant's age, applied at intake without any declaration. */
export const byAge = (
  id: string,
  text: Text,
  legalBasis: string,
  applicantAge: { under: number } | { atLeast: number },
): FeeExemption => ({
  id,
  text,
  legalBasis,
  establishedBy: { kind: 'npdb', applicantAge },
  note: toConfirm(legalBasis),
});
