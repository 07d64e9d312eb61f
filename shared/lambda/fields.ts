/** zod fields shared by request schemas, with messages a caller can act on. */
import * as z from 'zod';
import { parsePin } from '../domain/pin.ts';

export const PinField = z.string().superRefine((value, context) => {
  const parsed = parsePin(value);
  if (!parsed.ok) for (const message of parsed.errors) context.addIssue({ code: 'custom', message });
});
