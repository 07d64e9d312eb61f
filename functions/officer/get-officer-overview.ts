import * as z from 'zod';
import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { DynamoInboxIndex } from '../../shared/adapters/dynamodb/inbox-index-store.ts';
import { getOfficerOverview } from '../../shared/dossiers/officer-overview.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { now } from '../../shared/lambda/stores.ts';

const overview = getOfficerOverview({
  inbox: new DynamoInboxIndex(documentClient(), requiredEnv('DOSSIERS_TABLE')),
  now,
});

const Query = z.strictObject({
  province: z
    .string()
    .regex(/^\d{2}$/, 'a two-digit province code')
    .optional(),
});

/** GET /v1/officer/overview: open and overdue steps per commune and agency, for a supervisor's province. */
export const handler = httpHandler({ query: Query }, ({ principal, query }) => overview(principal, query));
