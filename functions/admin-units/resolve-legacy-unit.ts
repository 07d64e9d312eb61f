import { resolveLegacyUnit } from '../../shared/admin-units/resolve-legacy-unit.ts';
import { ResolveQuerySchema } from '../../shared/admin-units/resolve-schemas.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { httpHandler } from '../../shared/lambda/http.ts';

const resolve = resolveLegacyUnit({ clock: systemClock });

/** GET /v1/admin-units/resolve?legacyCode=&date=: the unit an old commune code belongs to on a date (public). */
export const handler = httpHandler(
  { query: ResolveQuerySchema, cacheControl: 'public, max-age=3600' },
  async ({ query }) => resolve(query),
);
