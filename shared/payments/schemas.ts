/** The request schema of `POST /v1/dossiers/{dossierId}/payment` (validated by the handler, published in OpenAPI). */
import * as z from '../validation/zod.ts';

export const PaymentRequestSchema = z.strictObject({
  /** The language of the gateway's page. */
  locale: z._default(z.enum(['vn', 'en']), 'vn'),
  /** A bank or method the gateway offers (e.g. `VNBANK`, `INTCARD`); the citizen chooses there when left out. */
  bankCode: z.optional(z.string().check(z.regex(/^[A-Z0-9]{2,20}$/, 'a bank code is 2-20 capital letters or digits'))),
});
