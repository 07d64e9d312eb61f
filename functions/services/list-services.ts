import { httpHandler } from '../../shared/lambda/http.ts';
import { listServices } from '../../shared/services/service-catalogue.ts';
import * as z from '../../shared/validation/zod.ts';

export const CATALOGUE_CACHE_CONTROL = 'public, max-age=300';

/** GET /v1/services: the catalogue of the 25 essential public services (public, cacheable). */
export const handler = httpHandler({ query: z.strictObject({}), cacheControl: CATALOGUE_CACHE_CONTROL }, async () =>
  listServices(),
);
