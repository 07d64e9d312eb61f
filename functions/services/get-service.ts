import { httpHandler } from '../../shared/lambda/http.ts';
import { getService } from '../../shared/services/service-catalogue.ts';
import * as z from '../../shared/validation/zod.ts';
import { CATALOGUE_CACHE_CONTROL } from './list-services.ts';

/** GET /v1/services/{code}: one essential public service (public, cacheable). */
export const handler = httpHandler(
  { query: z.strictObject({}), cacheControl: CATALOGUE_CACHE_CONTROL },
  async ({ pathParameters }) => getService(pathParameters.code ?? ''),
);
