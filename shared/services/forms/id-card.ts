/**
 * The e-form of service 2, renewal or re-issue of the ID card (Law on Identification 2023, art. 24): renewal at a
 * renewal age, of a damaged card or after the holder's information changed; re-issue of a lost card. The citizen
 * books the in-person capture (portrait, fingerprints, iris) at the commune police of their residence: a working day
 * and one of the office's slots. Nothing the NPDB holds (name, birth date, the card itself) is declared again.
 * Browser-safe, like the other forms here.
 */
import * as z from '../../validation/zod.ts';
import { IsoDate } from './fields.ts';

/** The appointment slots a commune police office offers each working day (configuration to confirm locally). */
export const ID_CARD_SLOTS = ['08:00', '09:30', '13:30', '15:00'] as const;

/** How far ahead an appointment may be booked, in calendar days (configuration). */
export const ID_CARD_BOOKING_DAYS = 30;

export const IdCardAppointment = z.strictObject({ date: IsoDate, slot: z.enum(ID_CARD_SLOTS) });

/** The reasons of each kind (art. 24): a renewal's, and a re-issue's. */
export const ID_CARD_REASONS = {
  /** `age`: the card expires at 14, 25, 40 or 60 (renewable from two years before). */
  renewal: ['age', 'damaged', 'changed-information'],
  reissue: ['lost'],
} as const;

export const IdCardForm = z
  .strictObject({
    kind: z.enum(['renewal', 'reissue']),
    reason: z.enum([...ID_CARD_REASONS.renewal, ...ID_CARD_REASONS.reissue]),
    appointment: IdCardAppointment,
  })
  .check(
    z.refine((form) => (ID_CARD_REASONS[form.kind] as readonly string[]).includes(form.reason), {
      message: 'A renewal is for age, damage or changed information; a re-issue is for a lost card.',
      path: ['reason'],
    }),
  );
export type IdCardForm = z.infer<typeof IdCardForm>;

/**
 * Fees after Thông tư 73/2024/TT-BTC, which replaced Thông tư 59/2019/TT-BTC (configured values to confirm): a
 * renewal because of damage or changed information 50,000 đ, a re-issue (lost card) 70,000 đ; a renewal because of age
 * (25, 40, 60) is free. Here, not in the rules, so the portal's form shows the fee of the chosen kind and reason.
 * The half-fee for filing online is an exemption "while the policy applies", not applied here.
 */
export const ID_CARD_FEES_VND = { renewal: 50_000, reissue: 70_000, ageRenewal: 0 } as const;

/** What the request costs, from its kind and reason. */
export const idCardFeeVnd = (form: Pick<IdCardForm, 'kind' | 'reason'>): number =>
  form.kind === 'reissue'
    ? ID_CARD_FEES_VND.reissue
    : form.reason === 'age'
      ? ID_CARD_FEES_VND.ageRenewal
      : ID_CARD_FEES_VND.renewal;
