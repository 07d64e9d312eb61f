import { proveAccessLogEntry } from '../../shared/audit-anchor/entry-proof.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { anchorStore } from '../../shared/lambda/anchors.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessLogStore } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const prove = proveAccessLogEntry({ chains: accessLogStore(), anchors: anchorStore() });

export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, pathParameters }) =>
  prove(requireCitizen(principal, 1).pin, pathParameters.entryId ?? ''),
);
