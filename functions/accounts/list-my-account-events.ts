import { requireCitizen } from '../../shared/auth/principal.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const { events } = accountLifecycleDeps();

const Query = z.strictObject({ limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))) });

/** GET /v1/me/account-events: changes to my e-ID account (who, when, what), newest first. */
export const handler = httpHandler({ query: Query }, async ({ principal, query }) => ({
  events: await events.list(requireCitizen(principal).pin, query.limit ?? 50),
}));
