/**
 * The e-form of service 2, renewal or re-issue of the ID card (Law on Identification 2023, art. 24): renewal at a
 * renewal age, of a damaged card or after the holder's information changed; re-issue of a lost card. The citizen
 * books the in-person capture (portrait, fingerprints, iris) at the commune police of their residence: a working day
 * and one of the office's slots. Nothing the NPDB holds (name, birth date, the card itself) is declared again.
 * Browser-safe, like the other forms here.
 */
import * as z from 'zod';
import { IsoDate } from './fields.ts';

/** The appointment slots a commune police office offers each working day (configuration to confirm locally). */
export const ID_CARD_SLOTS = ['08:00', '09:30', '13:30', '15:00'] as const;

/** How far ahead an appointment may be booked, in calendar days (configuration). */
export const ID_CARD_BOOKING_DAYS = 30;

export const IdCardAppointment = z.strictObject({ date: IsoDate, slot: z.enum(ID_CARD_SLOTS) });

export const IdCardForm = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('renewal'),
    /** `age`: the card expires at 14, 25, 40 or 60 (renewable from two years before). */
    reason: z.enum(['age', 'damaged', 'changed-information']),
    appointment: IdCardAppointment,
  }),
  z.strictObject({ kind: z.literal('reissue'), reason: z.literal('lost'), appointment: IdCardAppointment }),
]);
export type IdCardForm = z.infer<typeof IdCardForm>;
