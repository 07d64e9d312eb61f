/**
 * The optional fee-exemption picker of a service's e-form: a ground the citizen declares and the reference of its
 * evidence, for services whose catalogue entry offers grounds to declare (shared/services/fee-exemptions.ts). The
 * fields join the form's spec, their labels come from the catalogue's own vi/en texts, and the schema is the API's
 * (`withFeeExemption`), so the portal and the API accept the same claims. No DOM here.
 */
import type { FeeExemption } from '../../../shared/services/catalogue/schema.ts';
import { declarableGrounds, FEE_EXEMPTION_FIELD } from '../../../shared/services/fee-exemptions.ts';
import type { Language } from '../i18n/i18n.ts';
import type { FieldSpec, ServiceSpec } from './field-spec.ts';
import type { ServiceLabels } from './labels.ts';

const GROUND = `${FEE_EXEMPTION_FIELD}.ground`;
const EVIDENCE = `${FEE_EXEMPTION_FIELD}.evidenceReference`;

/** The spec with the picker's two optional fields, where the service offers grounds to declare. */
export const withExemptionFields = (spec: ServiceSpec, exemptions: readonly FeeExemption[]): ServiceSpec => {
  const grounds = declarableGrounds(exemptions);
  if (grounds.length === 0) return spec;
  const fields: FieldSpec[] = [
    { kind: 'select', path: GROUND, options: grounds.map((g) => g.id), optional: true },
    { kind: 'text', path: EVIDENCE, maxLength: 100, optional: true },
  ];
  return { ...spec, fields: [...spec.fields, ...fields] };
};

/** The labels with the picker's: field names, each ground's catalogue text, the evidence each ground needs. */
export const withExemptionLabels = (
  labels: ServiceLabels,
  code: number,
  exemptions: readonly FeeExemption[],
  lang: Language,
): ServiceLabels => {
  const grounds = declarableGrounds(exemptions);
  if (grounds.length === 0) return labels;
  const evidence = grounds
    .map((g) => (g.establishedBy.kind === 'declaration' ? `${g.text[lang]}: ${g.establishedBy.evidence[lang]}` : ''))
    .join('; ');
  return {
    ...labels,
    fields: {
      ...labels.fields,
      [code]: { ...labels.fields[code], [GROUND]: labels.ui.exemptionGround, [EVIDENCE]: labels.ui.exemptionEvidence },
    },
    hints: { ...labels.hints, [code]: { ...labels.hints[code], [EVIDENCE]: `${labels.ui.exemptionHint}${evidence}.` } },
    serviceOptions: {
      ...labels.serviceOptions,
      [code]: { ...labels.serviceOptions[code], ...Object.fromEntries(grounds.map((g) => [g.id, g.text[lang]])) },
    },
  };
};
