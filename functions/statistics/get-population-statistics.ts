import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { isProvinceCode, PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { getPopulationStatistics } from '../../shared/statistics/get-population-statistics.ts';
import * as z from '../../shared/validation/zod.ts';

const Query = z.strictObject(
  {
    province: z.optional(
      z.string().check(
        z.refine(isProvinceCode, {
          message: `Unknown province code. Use one of the 34 two-digit codes in force since 1 July 2025: ${PROVINCE_CODES.join(', ')}.`,
        }),
      ),
    ),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Only the "province" parameter is accepted.' : undefined) },
);

const statistics = getPopulationStatistics({
  statistics: new PopulationStore(documentClient(), requiredEnv('POPULATION_TABLE')),
  clock: systemClock,
});

export const handler = httpHandler({ query: Query }, ({ query }) => statistics(query));
