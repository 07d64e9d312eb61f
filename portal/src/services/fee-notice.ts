/**
 * What the service page says about paying, before the dossier exists: the catalogue's amount, unless the service's
 * rules compute it from the form. Service 2's fee follows the chosen kind and reason (the same function intake
 * uses); service 20's premium depends on the members and is computed when the dossier is filed, then paid online.
 */
import { ID_CARD_REASONS, idCardFeeVnd } from '../../../shared/services/forms/id-card.ts';
import type { FormValues } from '../forms/form-state.ts';

export type FeeNotice =
  | { readonly kind: 'amount'; readonly vnd: number }
  | { readonly kind: 'free' }
  | { readonly kind: 'computed-after-filing' };

/** Services whose amount comes with the dossier (a premium per member), not from the catalogue. */
const COMPUTED_AFTER_FILING = new Set([20]);

const amount = (vnd: number): FeeNotice => (vnd > 0 ? { kind: 'amount', vnd } : { kind: 'free' });

/** The fee notice of service `code` whose catalogue fee is `catalogueVnd`, for the form's values so far. */
export const feeNotice = (code: number, catalogueVnd: number, values: FormValues = {}): FeeNotice => {
  if (COMPUTED_AFTER_FILING.has(code)) return { kind: 'computed-after-filing' };
  if (code === 2) {
    const { kind, reason } = values as { kind?: unknown; reason?: unknown };
    const reasons = (ID_CARD_REASONS as Readonly<Record<string, readonly string[]>>)[String(kind)];
    if (typeof reason === 'string' && reasons?.includes(reason)) {
      return amount(idCardFeeVnd({ kind, reason } as Parameters<typeof idCardFeeVnd>[0]));
    }
  }
  return amount(catalogueVnd);
};

/** Whether the amount depends on what the form says (the form then shows it as it is filled in). */
export const feeFollowsForm = (code: number): boolean => code === 2;

/** Whether the citizen pays online after filing (the portal says so before the form). */
export const paysAfterFiling = (notice: FeeNotice): boolean => notice.kind !== 'free';
