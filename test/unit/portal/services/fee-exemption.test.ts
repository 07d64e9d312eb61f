import { describe, expect, it } from 'vitest';
import { setPath } from '../../../../portal/src/forms/form-state.ts';
import { withExemptionFields, withExemptionLabels } from '../../../../portal/src/services/fee-exemption.ts';
import { initialValues, type ServiceSpec, toForm } from '../../../../portal/src/services/field-spec.ts';
import { fieldHint, fieldLabel, optionLabel, SERVICE_LABELS } from '../../../../portal/src/services/labels.ts';
import { SERVICE_SPECS } from '../../../../portal/src/services/specs.ts';
import { findService } from '../../../../shared/services/catalogue/index.ts';
import { withFeeExemption } from '../../../../shared/services/fee-exemptions.ts';
import { SERVICE_FORMS } from '../../../../shared/services/forms/index.ts';
import type * as z from '../../../../shared/validation/zod.ts';

const ME = '001099500001';
const spec = (code: number): ServiceSpec => {
  const found = SERVICE_SPECS.get(code);
  if (!found) throw new Error(`no spec for ${code}`);
  return found;
};
const exemptionsOf = (code: number) => findService(code)?.fee.exemptions ?? [];

describe('the fee-exemption picker', () => {
  it('adds the ground and the evidence to a form whose service offers grounds to declare, and only there', () => {
    const twelve = withExemptionFields(spec(12), exemptionsOf(12));
    expect(twelve.fields.slice(-2)).toEqual([
      {
        kind: 'select',
        path: 'feeExemption.ground',
        options: ['disability', 'poor-household', 'revolution-merit'],
        optional: true,
      },
      { kind: 'text', path: 'feeExemption.evidenceReference', maxLength: 100, optional: true },
    ]);
    expect(withExemptionFields(spec(4), exemptionsOf(4))).toBe(spec(4));
  });

  it('sends no claim when none is picked, and a claim the API accepts when one is', () => {
    const twelve = withExemptionFields(spec(12), exemptionsOf(12));
    const schema = withFeeExemption(exemptionsOf(12), SERVICE_FORMS[12] as z.ZodMiniType);
    let values = initialValues(twelve, ME);
    values = setPath(values, 'purpose', 'Bổ sung hồ sơ xin việc');
    values = setPath(values, 'certificateType', '2');
    const plain = toForm(twelve, values);
    expect(plain).not.toHaveProperty('feeExemption');
    expect(schema.safeParse(plain).success).toBe(true);
    values = setPath(values, 'feeExemption.ground', 'poor-household');
    const noEvidence = schema.safeParse(toForm(twelve, values));
    expect(noEvidence.error?.issues[0]?.path).toEqual(['feeExemption', 'evidenceReference']);
    values = setPath(values, 'feeExemption.evidenceReference', ' HN-2026-0042 ');
    expect(schema.safeParse(toForm(twelve, values)).data).toMatchObject({
      feeExemption: { ground: 'poor-household', evidenceReference: 'HN-2026-0042' },
    });
  });

  it("labels the picker in both languages, each ground with the catalogue's own text", () => {
    for (const lang of ['vi', 'en'] as const) {
      const labels = withExemptionLabels(SERVICE_LABELS[lang], 12, exemptionsOf(12), lang);
      expect(fieldLabel(labels, 12, 'feeExemption.ground')).toBe(SERVICE_LABELS[lang].ui.exemptionGround);
      expect(fieldLabel(labels, 12, 'feeExemption.evidenceReference')).toBe(SERVICE_LABELS[lang].ui.exemptionEvidence);
      const disability = exemptionsOf(12).find((e) => e.id === 'disability');
      expect(optionLabel(labels, 'disability', 12)).toBe(disability?.text[lang]);
      expect(fieldHint(labels, 12, 'feeExemption.evidenceReference')).toContain(
        disability?.establishedBy.kind === 'declaration' ? disability.establishedBy.evidence[lang] : '?',
      );
      // The service's own labels stay.
      expect(fieldLabel(labels, 12, 'purpose')).toBe(fieldLabel(SERVICE_LABELS[lang], 12, 'purpose'));
    }
  });
});
