/**
 * Relying parties that receive NPDB data only with the citizen's consent, and the purpose (scope) under
 * which they ask. Registered clients live in the e-ID service; this is the consent-side view of them.
 */
import type { PurposeScope } from '../agency/purposes.ts';

export const CONSENT_CLIENTS: Readonly<Record<string, { readonly name: string; readonly scope: PurposeScope }>> = {
  'bank-vcb': { name: 'Vietcombank', scope: 'ekyc:identity' },
};
