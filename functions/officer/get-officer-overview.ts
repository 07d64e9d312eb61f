import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { DynamoInboxIndex } from '../../shared/adapters/dynamodb/inbox-index-store.ts';
import { getOfficerOverview } from '../../shared/dossiers/officer-overview.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { now } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const overview = getOfficerOverview({
  inbox: new DynamoInboxIndex(documentClient(), requiredEnv('DOSSIERS_TABLE')),
  now,
});

const Query = z.strictObject({
  province: z.optional(z.string().check(z.regex(/^\d{2}$/, 'a two-digit province code'))),
});

/** GET /v1/officer/overview: open and overdue steps per commune and agency, for a supervisor's province. */
export const handler = httpHandler({ query: Query }, ({ principal, query }) => overview(principal, query));
