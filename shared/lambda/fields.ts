/** zod fields shared by request schemas, with messages a caller can act on. */

import { parsePin } from '../domain/pin.ts';
import * as z from '../validation/zod.ts';

export const PinField = z.string().check(
  z.superRefine((value, context) => {
    const parsed = parsePin(value);
    if (!parsed.ok) for (const message of parsed.errors) context.addIssue({ code: 'custom', message });
  }),
);
