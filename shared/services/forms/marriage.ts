/** The e-form of service 16, marriage registration: one party files, naming the other. Rules: ../procedures/. */
import * as z from '../../validation/zod.ts';
import { PinField } from './fields.ts';

export const MarriageForm = z.strictObject({ partnerPin: PinField });
export type MarriageForm = z.infer<typeof MarriageForm>;
